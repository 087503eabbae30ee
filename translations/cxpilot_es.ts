<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>About CX Pilot</source>
        <translation>Acerca de CX Pilot</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>&lt;h2&gt;CX Pilot&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;CX Pilot&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>An AI drafts each reply from your knowledge base; a person edits, grades and approves it; only then is it sent to the customer.</source>
        <translation>Una IA redacta cada respuesta a partir de su base de conocimiento; una persona la edita, la califica y la aprueba; solo entonces se envía al cliente.</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>Free software under the GNU General Public License, version 3 or later. Built with Qt, QtKeychain and Xapian.</source>
        <translation>Software libre bajo la Licencia Pública General de GNU, versión 3 o posterior. Hecho con Qt, QtKeychain y Xapian.</translation>
    </message>
</context>
<context>
    <name>Chatwoot</name>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="76"/>
        <source>Chatwoot refused the API token or this account: %1</source>
        <translation>Chatwoot rechazó el token de API o esta cuenta: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="80"/>
        <source>Not found in Chatwoot: %1</source>
        <translation>No encontrado en Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="84"/>
        <source>Chatwoot is rate limiting requests: %1</source>
        <translation>Chatwoot está limitando las solicitudes: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="87"/>
        <source>Chatwoot server error: %1</source>
        <translation>Error del servidor de Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="89"/>
        <source>Chatwoot rejected the request: %1</source>
        <translation>Chatwoot rechazó la solicitud: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="130"/>
        <source>No network access manager.</source>
        <translation>No hay gestor de acceso a la red.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="188"/>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="219"/>
        <source> (the message may or may not have been created; not retried)</source>
        <translation> (puede que el mensaje se haya creado o no; no se reintentó)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="199"/>
        <source>TLS failure talking to Chatwoot: %1</source>
        <translation>Fallo de TLS al comunicarse con Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="206"/>
        <source>Chatwoot did not answer within %1 ms</source>
        <translation>Chatwoot no respondió en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="212"/>
        <source>Network error talking to Chatwoot: %1</source>
        <translation>Error de red al comunicarse con Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClientPaging.cpp" line="141"/>
        <source>the conversation list did not end within %1 pages (%2 of %3 conversations read): refusing to return a partial list</source>
        <translation>la lista de conversaciones no terminó en %1 páginas (leídas %2 de %3 conversaciones): no se devuelve una lista parcial</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="148"/>
        <source>&quot;%1&quot; must be a whole number within 64 bits, got %2.</source>
        <translation>«%1» debe ser un número entero de 64 bits como máximo; se recibió %2.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="185"/>
        <source>&quot;%1&quot; is not a time in Unix seconds.</source>
        <translation>«%1» no es una hora en segundos Unix.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="441"/>
        <source>The conversation list has no payload array.</source>
        <translation>La lista de conversaciones no tiene un array payload.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="461"/>
        <source>The message list has no payload array.</source>
        <translation>La lista de mensajes no tiene un array payload.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="559"/>
        <source>Invalid JSON at offset %1: %2</source>
        <translation>JSON no válido en la posición %1: %2</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="564"/>
        <source>Expected a JSON object.</source>
        <translation>Se esperaba un objeto JSON.</translation>
    </message>
</context>
<context>
    <name>Experiment</name>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="51"/>
        <source>The experiment report could not be written.</source>
        <translation>No se pudo escribir el informe del experimento.</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="29"/>
        <source>Run on the built-in sandbox with a throw-away database.</source>
        <translation>Ejecutar en el sandbox integrado con una base de datos desechable.</translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="31"/>
        <source>Quit after N milliseconds (smoke tests).</source>
        <translation>Salir tras N milisegundos (pruebas de humo).</translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="33"/>
        <source>Database URL (sqlite:///path or postgresql://...).</source>
        <translation>URL de la base de datos (sqlite:///ruta o postgresql://...).</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="110"/>
        <source>alive</source>
        <translation>activo</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="113"/>
        <source>unexpected answer (expected {&quot;status&quot;:&quot;woot&quot;})</source>
        <translation>respuesta inesperada (se esperaba {&quot;status&quot;:&quot;woot&quot;})</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="119"/>
        <source>not needed</source>
        <translation>no es necesario</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="128"/>
        <source>fallback probe answered</source>
        <translation>respondió la comprobación alternativa</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="131"/>
        <source> (but /rails/health answered)</source>
        <translation> (pero /rails/health respondió)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="150"/>
        <source>version %1, Redis %2, Postgres %3</source>
        <translation>versión %1, Redis %2, Postgres %3</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="151"/>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="152"/>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="153"/>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="163"/>
        <source>no API token configured (CHATWOOT_API_KEY or the keychain)</source>
        <translation>no hay token de API configurado (CHATWOOT_API_KEY o el llavero)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="167"/>
        <source>no API token configured</source>
        <translation>no hay token de API configurado</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="184"/>
        <source>token valid for %1</source>
        <translation>token válido para %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="185"/>
        <source>token valid, but its user is not a member of account %1</source>
        <translation>token válido, pero su usuario no es miembro de la cuenta %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="196"/>
        <source>no account id configured (CHATWOOT_ACCOUNT_ID or --account)</source>
        <translation>no hay ID de cuenta configurado (CHATWOOT_ACCOUNT_ID o --account)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="209"/>
        <source>account &quot;%1&quot;</source>
        <translation>cuenta «%1»</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="65"/>
        <source>Chatwoot at %1 (account %2), checked %3</source>
        <translation>Chatwoot en %1 (cuenta %2), comprobado %3</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="83"/>
        <source>Result: all probes up</source>
        <translation>Resultado: todas las comprobaciones correctas</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="84"/>
        <source>Result: something is DOWN</source>
        <translation>Resultado: algo está CAÍDO</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <location filename="../src/core/ingest/DraftClosing.cpp" line="66"/>
        <source>clearing an abandoned claim</source>
        <translation>liberando una reserva abandonada</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="26"/>
        <source>0 (unedited)</source>
        <translation>0 (sin editar)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="36"/>
        <source>≤ 1 min</source>
        <translation>≤ 1 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="37"/>
        <source>1–5 min</source>
        <translation>1–5 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="37"/>
        <source>5–15 min</source>
        <translation>5–15 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="38"/>
        <source>15–30 min</source>
        <translation>15–30 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="38"/>
        <source>30–60 min</source>
        <translation>30–60 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="39"/>
        <source>1–4 h</source>
        <translation>1–4 h</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="39"/>
        <source>&gt; 4 h</source>
        <translation>&gt; 4 h</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="58"/>
        <source>Replies drafted by AI</source>
        <translation>Respuestas redactadas por la IA</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="60"/>
        <source>Average tone</source>
        <translation>Tono medio</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="62"/>
        <source>Average accuracy</source>
        <translation>Precisión media</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="64"/>
        <source>Average policy</source>
        <translation>Cumplimiento de políticas medio</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="66"/>
        <source>Median approval time (min)</source>
        <translation>Tiempo mediano de aprobación (min)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="68"/>
        <source>Approved without major edits</source>
        <translation>Aprobadas sin cambios importantes</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="77"/>
        <source>met</source>
        <translation>cumplido</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="79"/>
        <source>not met</source>
        <translation>no cumplido</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="81"/>
        <source>not enough data</source>
        <translation>pocos datos</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="90"/>
        <source>green</source>
        <translation>verde</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="92"/>
        <source>yellow</source>
        <translation>amarillo</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="94"/>
        <source>red</source>
        <translation>rojo</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="96"/>
        <source>no data</source>
        <translation>sin datos</translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <location filename="../src/core/pipeline/DrafterAdapter.cpp" line="135"/>
        <source>The drafter produced no reply.</source>
        <translation>El redactor no produjo ninguna respuesta.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="79"/>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="96"/>
        <source>no approved replies in this range</source>
        <translation>no hay respuestas aprobadas en este periodo</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="81"/>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="98"/>
        <source>no customer message stored (%1 approved rows)</source>
        <translation>no hay ningún mensaje del cliente guardado (%1 filas aprobadas)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="83"/>
        <source>0 rows reach min grade %1 (%2 approved rows, %3 without a customer message)</source>
        <translation>0 filas alcanzan la nota mínima %1 (%2 filas aprobadas, %3 sin mensaje del cliente)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="100"/>
        <source>no approved reply differs from its draft</source>
        <translation>ninguna respuesta aprobada difiere de su borrador</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="137"/>
        <source>Only reply drafts can be approved and sent.</source>
        <translation>Solo se pueden aprobar y enviar borradores de respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="210"/>
        <source>The reply was sent. The database could not record it (%1); CX Pilot records it when the database is back.</source>
        <translation>La respuesta se envió. La base de datos no pudo registrarlo (%1); CX Pilot lo registrará cuando la base de datos vuelva a estar disponible.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="274"/>
        <source>A rejection needs a reason: it is what the drafter learns from.</source>
        <translation>Un rechazo necesita un motivo: es de lo que aprende el redactor.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="355"/>
        <source>Draft %1 is %2: there is nothing to resume.</source>
        <translation>El borrador %1 está %2: no hay nada que reanudar.</translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="70"/>
        <source>writing the audit log</source>
        <translation>escribiendo el registro de auditoría</translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="150"/>
        <location filename="../src/core/review/AuditLog.cpp" line="163"/>
        <source>cannot write %1: %2</source>
        <translation>no se puede escribir %1: %2</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="162"/>
        <source>saving the draft</source>
        <translation>guardando el borrador</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="172"/>
        <source>reading a draft</source>
        <translation>leyendo un borrador</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="175"/>
        <source>No draft with id %1.</source>
        <translation>No hay ningún borrador con el ID %1.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="272"/>
        <source>updating the draft</source>
        <translation>actualizando el borrador</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="283"/>
        <source>This draft was superseded: the customer wrote again and a newer draft replaces it.</source>
        <translation>Este borrador fue sustituido: el cliente volvió a escribir y un borrador más reciente lo reemplaza.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="288"/>
        <source>This draft was already approved by %1 at %2.</source>
        <translation>Este borrador ya fue aprobado por %1 a las %2.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="292"/>
        <source>This draft was already rejected by %1.</source>
        <translation>Este borrador ya fue rechazado por %1.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="296"/>
        <source>This draft is %1, not ready for that step.</source>
        <translation>Este borrador está %1, no listo para ese paso.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="381"/>
        <source>recording a manual reply</source>
        <translation>al registrar una respuesta manual</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="153"/>
        <source>saving the learning signal</source>
        <translation>guardando la señal de aprendizaje</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="168"/>
        <source>row %1 (draft %2): %3</source>
        <translation>fila %1 (borrador %2): %3</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="204"/>
        <source>queueing the learning signal</source>
        <translation>poniendo en cola la señal de aprendizaje</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="60"/>
        <source>No approved reply is waiting to be sent for draft %1.</source>
        <translation>No hay ninguna respuesta aprobada pendiente de envío para el borrador %1.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="79"/>
        <source>This reply is being sent right now; it will not be sent twice.</source>
        <translation>Esta respuesta se está enviando ahora mismo; no se enviará dos veces.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="89"/>
        <source>Chatwoot has not confirmed the reply yet. CX Pilot checks the conversation at %1 and sends it only if it is not there.</source>
        <translation>Chatwoot aún no ha confirmado la respuesta. CX Pilot revisa la conversación a las %1 y solo la envía si no está allí.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="108"/>
        <source>Could not check whether the reply already reached Chatwoot (%1). Nothing was sent now; CX Pilot tries again.</source>
        <translation>No se pudo comprobar si la respuesta ya llegó a Chatwoot (%1). No se ha enviado nada; CX Pilot lo volverá a intentar.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="125"/>
        <source>Could not check whether the reply reached Chatwoot (%1). CX Pilot checks again at %2 before anything is sent.</source>
        <translation>No se pudo comprobar si la respuesta llegó a Chatwoot (%1). CX Pilot vuelve a comprobarlo a las %2 antes de enviar nada.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="148"/>
        <source>Could not check the conversation in Chatwoot before sending (%1). Nothing was sent yet; CX Pilot tries again.</source>
        <translation>No se pudo revisar la conversación en Chatwoot antes de enviar (%1). Aún no se ha enviado nada; CX Pilot lo volverá a intentar.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="213"/>
        <source>Chatwoot did not confirm the reply (%1). It may have reached the customer: CX Pilot checks the conversation at %2 and sends it only if it is not there.</source>
        <translation>Chatwoot no confirmó la respuesta (%1). Puede que haya llegado al cliente: CX Pilot revisa la conversación a las %2 y solo la envía si no está allí.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="232"/>
        <source>The conversation was resolved in Chatwoot.</source>
        <translation>La conversación se resolvió en Chatwoot.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="235"/>
        <source>The conversation is snoozed in Chatwoot.</source>
        <translation>La conversación está pospuesta en Chatwoot.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="246"/>
        <source>The customer was already answered in Chatwoot at %1.</source>
        <translation>El cliente ya recibió respuesta en Chatwoot a las %1.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="249"/>
        <source>The customer was already answered in Chatwoot.</source>
        <translation>El cliente ya recibió respuesta en Chatwoot.</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="99"/>
        <location filename="../src/core/review/OutboxStore.cpp" line="112"/>
        <source>reading the outbox</source>
        <translation>leyendo la bandeja de salida</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="132"/>
        <source>Draft %1 is %2: only an approved draft is sent.</source>
        <translation>El borrador %1 está %2: solo se envía un borrador aprobado.</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="161"/>
        <source>writing the outbox</source>
        <translation>escribiendo la bandeja de salida</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="182"/>
        <source>claiming the outbox row</source>
        <translation>reclamando la fila de la bandeja de salida</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="185"/>
        <source>This reply is already being sent (or was sent) by another action.</source>
        <translation>Otra acción ya está enviando (o ya envió) esta respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="212"/>
        <source>recording the sent reply</source>
        <translation>registrando la respuesta enviada</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="239"/>
        <source>recording the unknown outcome</source>
        <translation>registrando el resultado desconocido</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="254"/>
        <source>recording the send problem</source>
        <translation>registrando el problema de envío</translation>
    </message>
    <message>
        <location filename="../src/core/review/Recovery.cpp" line="95"/>
        <source>The reply could not be sent.</source>
        <translation>No se pudo enviar la respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Recovery.cpp" line="164"/>
        <source>Recovery is already running.</source>
        <translation>La recuperación ya está en marcha.</translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="118"/>
        <source>Seed conversation refers to an unknown inbox or contact: %1 / %2</source>
        <translation>Una conversación de ejemplo hace referencia a una bandeja o un contacto desconocidos: %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="169"/>
        <source>Cannot read seed file %1: %2</source>
        <translation>No se puede leer el archivo de ejemplo %1: %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="176"/>
        <source>Seed file %1 is not a JSON object: %2</source>
        <translation>El archivo de ejemplo %1 no es un objeto JSON: %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/SandboxInfo.cpp" line="9"/>
        <source>Sandbox: this is a simulated Chatwoot with scripted customers. Nothing is sent to real people.</source>
        <translation>Sandbox: un Chatwoot simulado con clientes guionizados. No se envía nada a personas reales.</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="35"/>
        <source>The environment variable %1 is not set.</source>
        <translation>La variable de entorno %1 no está definida.</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="45"/>
        <source>Secrets from the environment are read-only.</source>
        <translation>Los secretos del entorno son de solo lectura.</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="24"/>
        <source>No secret is stored under &quot;%1&quot;.</source>
        <translation>No hay ningún secreto guardado con el nombre «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="29"/>
        <source>Access to the keychain was denied: %1</source>
        <translation>Se denegó el acceso al llavero: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="36"/>
        <source>Keychain error: %1</source>
        <translation>Error del llavero: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="71"/>
        <source>The system keychain is not available. Start a Secret Service (GNOME Keyring or KWallet) and unlock it, or set the secret in the environment (e.g. CHATWOOT_API_KEY) for headless use.</source>
        <translation>El llavero del sistema no está disponible. Inicie un Secret Service (GNOME Keyring o KWallet) y desbloquéelo, o defina el secreto en el entorno (p. ej., CHATWOOT_API_KEY) para uso sin interfaz.</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="40"/>
        <source>SQLite has no notifications; poll for new drafts instead</source>
        <translation>SQLite no tiene notificaciones; consulte periódicamente si hay borradores nuevos</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="59"/>
        <source>opening the listening connection</source>
        <translation>abriendo la conexión de escucha</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="64"/>
        <source>subscribing to draft notifications</source>
        <translation>suscribiéndose a las notificaciones de borradores</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="65"/>
        <source>database URL %1: the folder %2 does not exist</source>
        <translation>URL de la base de datos %1: la carpeta %2 no existe</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="70"/>
        <source>cannot create the folder %1</source>
        <translation>no se puede crear la carpeta %1</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="76"/>
        <source>database URL %1: is a folder, not a file</source>
        <translation>URL de la base de datos %1: es una carpeta, no un archivo</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="84"/>
        <location filename="../src/core/storage/Database.cpp" line="117"/>
        <source>opening %1</source>
        <translation>abriendo %1</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="180"/>
        <source>the database is not open</source>
        <translation>la base de datos no está abierta</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="186"/>
        <location filename="../src/core/storage/Database.cpp" line="188"/>
        <source>starting a transaction</source>
        <translation>iniciando una transacción</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="196"/>
        <source>committing</source>
        <translation>confirmando los cambios</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="22"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation>URL de la base de datos: sqlite:// necesita una ruta de archivo</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="30"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation>URL de la base de datos: se esperaba postgresql://usuario:contraseña@host:puerto/base</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="42"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation>URL de la base de datos: «%1» debe empezar por sqlite:// o postgresql://</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="37"/>
        <source>the database refused the change of &quot;%1&quot;: %2</source>
        <translation>la base de datos rechazó el cambio de «%1»: %2</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="49"/>
        <source>the value of &quot;%1&quot; is out of range (%2)</source>
        <translation>el valor de «%1» está fuera de rango (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="72"/>
        <source>the database cannot be reached: %1</source>
        <translation>no se puede acceder a la base de datos: %1</translation>
    </message>
</context>
<context>
    <name>cx</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="55"/>
        <source>%1: a URL is required</source>
        <translation>%1: se necesita una URL</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="58"/>
        <source>%1: &quot;%2&quot; is not a URL; write it with its scheme, e.g. https://chat.example.com</source>
        <translation>%1: «%2» no es una URL; escríbala con su esquema, p. ej. https://chat.example.com</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="62"/>
        <source>%1: the scheme must be http or https, not &quot;%2&quot;</source>
        <translation>%1: el esquema debe ser http o https, no «%2»</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="34"/>
        <source>%1 grade must be a whole number from 1 to 5 (got &quot;%2&quot;).</source>
        <translation>La calificación de %1 debe ser un número entero del 1 al 5 (se recibió «%2»).</translation>
    </message>
</context>
<context>
    <name>cx::Settings</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="170"/>
        <source>The settings file could not be written: %1</source>
        <translation>No se pudo escribir el archivo de configuración: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="196"/>
        <source>CHATWOOT_ACCOUNT_ID: &quot;%1&quot; is not a positive integer</source>
        <translation>CHATWOOT_ACCOUNT_ID: «%1» no es un número entero positivo</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="218"/>
        <source>model name: must be 1 to 200 characters</source>
        <translation>nombre del modelo: debe tener de 1 a 200 caracteres</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="228"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation>URL de la base de datos: sqlite:// necesita una ruta de archivo</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="236"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation>URL de la base de datos: se esperaba postgresql://usuario:contraseña@host:puerto/base</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="241"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation>URL de la base de datos: «%1» debe empezar por sqlite:// o postgresql://</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="250"/>
        <source>SLA minutes: &quot;%1&quot; must be a whole number of minutes greater than 0</source>
        <translation>minutos de SLA: «%1» debe ser un número entero de minutos mayor que 0</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="260"/>
        <source>AI_CUSTOMER_DRAFT_ENABLED: &quot;%1&quot; must be true or false</source>
        <translation>AI_CUSTOMER_DRAFT_ENABLED: «%1» debe ser true o false</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="271"/>
        <source>edit ratio threshold: &quot;%1&quot; must be a number from 0 to 1</source>
        <translation>umbral de proporción de edición: «%1» debe ser un número del 0 al 1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="284"/>
        <source>reviewer name: at most 200 characters</source>
        <translation>nombre del revisor: 200 caracteres como máximo</translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookParser</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="46"/>
        <source>Webhook body too large: %1 bytes (limit %2).</source>
        <translation>Cuerpo del webhook demasiado grande: %1 bytes (límite %2).</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="51"/>
        <source>Webhook content type must be application/json, got &quot;%1&quot;.</source>
        <translation>El tipo de contenido del webhook debe ser application/json; se recibió «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="55"/>
        <source>Webhook body is empty.</source>
        <translation>El cuerpo del webhook está vacío.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="78"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation>La carga del webhook no tiene «event».</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="98"/>
        <source>Message event without a message id.</source>
        <translation>Evento de mensaje sin ID de mensaje.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="101"/>
        <source>Message event without its conversation.</source>
        <translation>Evento de mensaje sin su conversación.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="122"/>
        <source>Conversation event without a conversation id.</source>
        <translation>Evento de conversación sin ID de conversación.</translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookVerifier</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="100"/>
        <source>No webhook secret is configured; unsigned deliveries are refused.</source>
        <translation>No hay secreto de webhook configurado; se rechazan las entregas sin firmar.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="104"/>
        <source>Missing X-Chatwoot-Signature / X-Chatwoot-Timestamp.</source>
        <translation>Faltan X-Chatwoot-Signature / X-Chatwoot-Timestamp.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="106"/>
        <source>Incomplete signature headers.</source>
        <translation>Cabeceras de firma incompletas.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="110"/>
        <source>X-Chatwoot-Timestamp is not a Unix time.</source>
        <translation>X-Chatwoot-Timestamp no es una hora Unix.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="117"/>
        <source>Webhook timestamp is %1 s away from now (tolerance %2 s).</source>
        <translation>La marca de tiempo del webhook se aleja %1 s de ahora (tolerancia %2 s).</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="122"/>
        <source>Webhook signature does not match.</source>
        <translation>La firma del webhook no coincide.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="130"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation>La carga del webhook no tiene «event».</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="142"/>
        <source>Could not record the delivery: %1</source>
        <translation>No se pudo registrar la entrega: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="148"/>
        <source>Delivery %1 was already processed.</source>
        <translation>La entrega %1 ya se procesó.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="154"/>
        <source>accepted</source>
        <translation>aceptada</translation>
    </message>
</context>
<context>
    <name>cx::drafting::DraftNote</name>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="44"/>
        <source>CX Pilot draft (offline: extractive, no model)</source>
        <translation>Borrador de CX Pilot (sin conexión: extractivo, sin modelo)</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="46"/>
        <source>CX Pilot draft</source>
        <translation>Borrador de CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="49"/>
        <source>Conversation: %1</source>
        <translation>Conversación: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="51"/>
        <source>Instruction: %1</source>
        <translation>Instrucción: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="52"/>
        <source>Confidence: %1 %, risk: %2</source>
        <translation>Confianza: %1 %, riesgo: %2</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="62"/>
        <source>Sources:</source>
        <translation>Fuentes:</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="70"/>
        <source>Sources: none</source>
        <translation>Fuentes: ninguna</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="73"/>
        <source>Dropped unknown citations: %1</source>
        <translation>Citas desconocidas descartadas: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="80"/>
        <source>Prompt %1, model %2</source>
        <translation>Prompt %1, modelo %2</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="81"/>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="83"/>
        <source>Review before sending: nothing reaches the customer without approval.</source>
        <translation>Revisar antes de enviar: nada llega al cliente sin aprobación.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::DraftRewriter</name>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="61"/>
        <source>Needs a language model: the offline drafter can only shorten a draft by leaving sentences out. Configure a model in Settings to use this.</source>
        <translation>Requiere un modelo de lenguaje: el redactor sin conexión solo puede acortar un borrador omitiendo frases. Para usar esta opción, configure un modelo en Configuración.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="143"/>
        <source>There is no draft text to rewrite.</source>
        <translation>No hay texto del borrador que reescribir.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="152"/>
        <source>The draft cannot be shortened further without a language model.</source>
        <translation>El borrador no se puede acortar más sin un modelo de lenguaje.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="160"/>
        <source>The model could not rewrite the draft: %1</source>
        <translation>El modelo no pudo reescribir el borrador: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="163"/>
        <source>The model declined: %1</source>
        <translation>El modelo se negó: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="168"/>
        <source>The model&apos;s rewrite was empty or cut off.</source>
        <translation>La reescritura del modelo estaba vacía o cortada.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="171"/>
        <source>The rewrite changed facts (%1), so the draft was kept as it was.</source>
        <translation>La reescritura cambió datos (%1), así que el borrador se mantuvo tal como estaba.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::Drafter</name>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="48"/>
        <source>AI drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED). No draft was made.</source>
        <translation>La redacción con IA está desactivada (AI_CUSTOMER_DRAFT_ENABLED). No se creó ningún borrador.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="55"/>
        <source>No customer message is waiting for an answer.</source>
        <translation>Ningún mensaje del cliente espera respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="93"/>
        <source>No model is configured: offline draft.</source>
        <translation>No hay ningún modelo configurado: borrador sin conexión.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="157"/>
        <source>The model could not be reached (%1): offline draft.</source>
        <translation>No se pudo contactar con el modelo (%1): borrador sin conexión.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="244"/>
        <source>The model declined to draft: %1</source>
        <translation>El modelo se negó a redactar: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="246"/>
        <source>The model&apos;s answer was cut off (token limit).</source>
        <translation>La respuesta del modelo se cortó (límite de tokens).</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="248"/>
        <source>The model&apos;s answer was withheld by its content filter.</source>
        <translation>El filtro de contenido del modelo retuvo su respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="266"/>
        <source>The model cited passages that were not retrieved: %1</source>
        <translation>El modelo citó fragmentos que no se recuperaron: %1</translation>
    </message>
</context>
<context>
    <name>cx::drafting::Language</name>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="31"/>
        <source>English</source>
        <translation>inglés</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="36"/>
        <source>German</source>
        <translation>alemán</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="41"/>
        <source>Spanish</source>
        <translation>español</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="45"/>
        <source>French</source>
        <translation>francés</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="49"/>
        <source>Portuguese</source>
        <translation>portugués</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="53"/>
        <source>Italian</source>
        <translation>italiano</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="57"/>
        <source>Dutch</source>
        <translation>neerlandés</translation>
    </message>
</context>
<context>
    <name>cx::drafting::OfflineDrafter</name>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="41"/>
        <source>Thank you for your message.</source>
        <translation>Gracias por su mensaje.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="49"/>
        <source>A colleague will look into your request and get back to you shortly.</source>
        <translation>Una persona de nuestro equipo revisará su solicitud y le responderá en breve.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="47"/>
        <source>A colleague will confirm the details for your case shortly.</source>
        <translation>Una persona de nuestro equipo le confirmará en breve los detalles de su caso.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::RiskReason</name>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="19"/>
        <source>promises a refund or compensation</source>
        <translation>promete un reembolso o una compensación</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="20"/>
        <source>the customer mentions legal action</source>
        <translation>el cliente menciona acciones legales</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="21"/>
        <source>contains personal data</source>
        <translation>contiene datos personales</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="22"/>
        <source>the reply was cut off before its end</source>
        <translation>la respuesta se cortó antes de terminar</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="23"/>
        <source>the model declined to answer</source>
        <translation>el modelo se negó a responder</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="25"/>
        <source>breaks a writing rule that must be fixed before sending</source>
        <translation>incumple una regla de redacción que debe corregirse antes de enviar</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="27"/>
        <source>the customer is upset</source>
        <translation>el cliente está molesto</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="29"/>
        <source>the knowledge base barely covers the question</source>
        <translation>la base de conocimiento apenas cubre la pregunta</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="31"/>
        <source>states facts not found in the knowledge base</source>
        <translation>afirma hechos que no están en la base de conocimiento</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="33"/>
        <source>the draft is not in the customer&apos;s language</source>
        <translation>el borrador no está en el idioma del cliente</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="35"/>
        <source>written by the offline drafter, not by a language model</source>
        <translation>escrito por el redactor sin conexión, no por un modelo de lenguaje</translation>
    </message>
</context>
<context>
    <name>cx::drafting::ToneValidator</name>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="103"/>
        <source>The draft has %n word(s); the limit is %1.</source>
        <translation>
            <numerusform>El borrador tiene %n palabra; el límite es %1.</numerusform>
            <numerusform>El borrador tiene %n palabras; el límite es %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="109"/>
        <source>The draft has %n word(s); at least %1 expected.</source>
        <translation>
            <numerusform>El borrador tiene %n palabra; se esperaban al menos %1.</numerusform>
            <numerusform>El borrador tiene %n palabras; se esperaban al menos %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="117"/>
        <source>Forbidden phrase: &quot;%1&quot;.</source>
        <translation>Frase prohibida: «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="122"/>
        <source>Required phrase missing: &quot;%1&quot;.</source>
        <translation>Falta una frase obligatoria: «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="126"/>
        <source>The draft shouts (capitals or repeated exclamation marks).</source>
        <translation>El borrador grita (mayúsculas o signos de exclamación repetidos).</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="134"/>
        <source>Unfilled placeholder: %1</source>
        <translation>Marcador sin rellenar: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="140"/>
        <source>The customer is upset but the draft shows no empathy.</source>
        <translation>El cliente está molesto, pero el borrador no muestra empatía.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="153"/>
        <source>Link not found in any retrieved passage: %1</source>
        <translation>Enlace no encontrado en ningún fragmento recuperado: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="161"/>
        <source>Figure not found in any retrieved passage or customer message: %1</source>
        <translation>Cifra no encontrada en ningún fragmento recuperado ni mensaje del cliente: %1</translation>
    </message>
</context>
<context>
    <name>cx::gui</name>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="17"/>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="19"/>
        <source>Server (second check)</source>
        <translation>Servidor (segunda comprobación)</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="21"/>
        <source>Version and services</source>
        <translation>Versión y servicios</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="23"/>
        <source>API token</source>
        <translation>Token de API</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="25"/>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="42"/>
        <source>the setting</source>
        <translation>el ajuste</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="88"/>
        <source>Chatwoot could not be reached at %1: %2</source>
        <translation>No se pudo acceder a Chatwoot en %1: %2</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="115"/>
        <source>could not be read from the keychain (%1)</source>
        <translation>no se pudo leer del llavero (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="119"/>
        <source>none yet: enter it above (Chatwoot › Profile settings › Access token)</source>
        <translation>aún no hay ninguno: introdúzcalo arriba (Chatwoot › Configuración del perfil › Token de acceso)</translation>
    </message>
</context>
<context>
    <name>cx::gui::AboutDialog</name>
    <message>
        <location filename="../src/app/AboutDialog.cpp" line="14"/>
        <source>Version %1 · Qt %2</source>
        <translation>Versión %1 · Qt %2</translation>
    </message>
</context>
<context>
    <name>cx::gui::AppServices</name>
    <message>
        <location filename="../src/app/AppServices.cpp" line="89"/>
        <source>Demo Reviewer</source>
        <translation>Revisor de demostración</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="97"/>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="100"/>
        <source>Chatwoot</source>
        <translation>Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="103"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="106"/>
        <source>Knowledge base</source>
        <translation>Base de conocimiento</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="112"/>
        <source>starting…</source>
        <translation>iniciando…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="115"/>
        <source>online</source>
        <translation>en línea</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="118"/>
        <source>degraded</source>
        <translation>degradado</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="121"/>
        <source>unavailable</source>
        <translation>no disponible</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="124"/>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="127"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="179"/>
        <location filename="../src/app/AppServices.cpp" line="181"/>
        <location filename="../src/app/AppServices.cpp" line="209"/>
        <source>password authentication failed</source>
        <translation>falló la autenticación por contraseña</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="182"/>
        <source>a password is needed — set it in Settings › Database password</source>
        <translation>se necesita una contraseña: defínala en Configuración › Contraseña de la base de datos</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="202"/>
        <source>The local queue for learning signals could not be opened: %1. A learning signal that cannot reach the database would be lost.</source>
        <translation>No se pudo abrir la cola local de señales de aprendizaje: %1. Una señal de aprendizaje que no llegue a la base de datos se perdería.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="210"/>
        <source>database: password authentication failed. Check the database password in Settings.</source>
        <translation>base de datos: falló la autenticación por contraseña. Compruebe la contraseña de la base de datos en Configuración.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="211"/>
        <source>The database could not be opened: %1. Check the database URL in Settings.</source>
        <translation>No se pudo abrir la base de datos: %1. Compruebe la URL de la base de datos en Configuración.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="213"/>
        <source>waiting for the database</source>
        <translation>esperando a la base de datos</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="220"/>
        <source>%1, schema %2</source>
        <translation>%1, esquema %2</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="221"/>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="221"/>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="295"/>
        <location filename="../src/app/AppServices.cpp" line="305"/>
        <source>%1 passages</source>
        <translation>%1 fragmentos</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="286"/>
        <source>ingesting the sample knowledge base…</source>
        <translation>importando la base de conocimiento de ejemplo…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="306"/>
        <source>empty — add articles in File › Knowledge base…</source>
        <translation>vacía — añada artículos en Archivo › Base de conocimiento…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="314"/>
        <source>the sandbox could not listen on 127.0.0.1</source>
        <translation>el sandbox no pudo escuchar en 127.0.0.1</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="326"/>
        <source>not configured — open Settings</source>
        <translation>sin configurar: abra Configuración</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="338"/>
        <location filename="../src/app/AppServices.cpp" line="348"/>
        <source>sandbox (simulated)</source>
        <translation>sandbox (simulado)</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="342"/>
        <source>cannot be reached</source>
        <translation>inaccesible</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="349"/>
        <source>a probe failed — see Settings › Test connection</source>
        <translation>falló una comprobación: vea Configuración › Probar conexión</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="361"/>
        <source>The Chatwoot API token could not be read: %1</source>
        <translation>No se pudo leer el token de API de Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="375"/>
        <source>drafting off</source>
        <translation>redacción desactivada</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="378"/>
        <source>%1 — idle until Chatwoot is connected</source>
        <translation>%1 — inactivo hasta que Chatwoot esté conectado</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="380"/>
        <source>offline drafter — idle until Chatwoot is connected</source>
        <translation>redactor sin conexión — inactivo hasta que Chatwoot esté conectado</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="408"/>
        <source>%1 at %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="416"/>
        <source>lexical only — embeddings failed: %1</source>
        <translation>solo léxica: fallaron los embeddings: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="420"/>
        <source>offline drafter (no model configured)</source>
        <translation>redactor sin conexión (no hay modelo configurado)</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="423"/>
        <source>drafting off (AI_CUSTOMER_DRAFT_ENABLED=false)</source>
        <translation>redacción desactivada (AI_CUSTOMER_DRAFT_ENABLED=false)</translation>
    </message>
</context>
<context>
    <name>cx::gui::ApprovalsDrawer</name>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="90"/>
        <source>High risk</source>
        <translation>Riesgo alto</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="92"/>
        <source>Medium risk</source>
        <translation>Riesgo medio</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="94"/>
        <source>Low risk</source>
        <translation>Riesgo bajo</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="95"/>
        <source>Risk not assessed</source>
        <translation>Riesgo sin evaluar</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="33"/>
        <source>Approval</source>
        <translation>Aprobación</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="42"/>
        <source>No draft waiting for this conversation</source>
        <translation>No hay ningún borrador pendiente para esta conversación</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="43"/>
        <location filename="../src/app/RejectDialog.cpp" line="85"/>
        <source>Reject draft</source>
        <translation>Rechazar borrador</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="47"/>
        <source>Why is this draft rejected? The reason is kept with the review.</source>
        <translation>¿Por qué se rechaza este borrador? El motivo se guarda con la revisión.</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="46"/>
        <source>Send anyway?</source>
        <translation>¿Enviar de todos modos?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="47"/>
        <source>%1

Send the approved reply to the customer anyway?</source>
        <translation>%1

¿Enviar de todos modos la respuesta aprobada al cliente?</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="70"/>
        <source>Offline drafter (simulated)</source>
        <translation>Redactor sin conexión (simulado)</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="74"/>
        <source>Written by the built-in offline drafter, not by a language model.</source>
        <translation>Escrito por el redactor sin conexión integrado, no por un modelo de lenguaje.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="49"/>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="98"/>
        <source>Retrying…</source>
        <translation>Reintentando…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="52"/>
        <source>Send anyway…</source>
        <translation>Enviar de todos modos…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="55"/>
        <source>Send this approved reply although the conversation changed since</source>
        <translation>Enviar esta respuesta aprobada aunque la conversación haya cambiado desde entonces</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="62"/>
        <source>Approve &amp; send (all three grades set)</source>
        <translation>Aprobar y enviar (las tres calificaciones puestas)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="67"/>
        <source>Reject the draft with a reason</source>
        <translation>Rechazar el borrador con un motivo</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="105"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="469"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="120"/>
        <source>Draft reply</source>
        <translation>Borrador de respuesta</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="125"/>
        <source>Changes against the original draft</source>
        <translation>Cambios respecto al borrador original</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="129"/>
        <source>Show changes</source>
        <translation>Mostrar cambios</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="148"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="159"/>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="152"/>
        <source>Passage</source>
        <translation>Fragmento</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="154"/>
        <source>Click a source to read the passage.</source>
        <translation>Haga clic en una fuente para leer el fragmento.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="162"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="164"/>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="183"/>
        <source>Grades</source>
        <translation>Calificaciones</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="203"/>
        <source>&amp;Tone</source>
        <translation>&amp;Tono</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="204"/>
        <source>&amp;Accuracy</source>
        <translation>&amp;Precisión</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="205"/>
        <source>&amp;Policy</source>
        <translation>Po&amp;líticas</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="216"/>
        <source>Regenerate</source>
        <translation>Regenerar</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="219"/>
        <source>Discard this draft and write a new one, following the instruction if given</source>
        <translation>Descartar este borrador y redactar uno nuevo, siguiendo la instrucción si se indica</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="222"/>
        <source>Instruction, e.g. mention the return label</source>
        <translation>Instrucción, p. ej., mencionar la etiqueta de devolución</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="223"/>
        <source>Instruction for the new draft</source>
        <translation>Instrucción para el nuevo borrador</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="227"/>
        <source>Reject…</source>
        <translation>Rechazar…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="230"/>
        <source>Reject this draft with a reason (%1)</source>
        <translation>Rechazar este borrador con un motivo (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="232"/>
        <source>Approve &amp;&amp; send</source>
        <translation>Aprobar &amp;&amp; enviar</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="234"/>
        <source>Send this reply to the customer (Ctrl+Enter)</source>
        <translation>Enviar esta respuesta al cliente (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="490"/>
        <source>Recording the rejection…</source>
        <translation>Registrando el rechazo…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="581"/>
        <source>Not rejected.</source>
        <translation>No rechazado.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="582"/>
        <source>Not rejected: stopped at %1.</source>
        <translation>No rechazado: detenido en %1.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="592"/>
        <source>Rejected — %1</source>
        <translation>Rechazado — %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="112"/>
        <source>Conversation #%1</source>
        <translation>Conversación #%1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="116"/>
        <source>%1 — conversation #%2</source>
        <translation>%1 — conversación #%2</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="121"/>
        <source>Confidence %1%</source>
        <translation>Confianza %1 %</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="122"/>
        <source>How well the knowledge base supports this draft</source>
        <translation>En qué medida la base de conocimiento respalda este borrador</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="124"/>
        <source>Confidence unknown</source>
        <translation>Confianza desconocida</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="138"/>
        <source>Why this risk</source>
        <translation>Por qué este riesgo</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="140"/>
        <source>Tone findings</source>
        <translation>Observaciones sobre el tono</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="343"/>
        <source>Sources (%1)</source>
        <translation>Fuentes (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="345"/>
        <source>This draft cites no source.</source>
        <translation>Este borrador no cita ninguna fuente.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="363"/>
        <source>no source</source>
        <translation>sin fuente</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="369"/>
        <source>Evidence (%1)</source>
        <translation>Evidencia (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="381"/>
        <source>(no passage text stored)</source>
        <translation>(no se guardó el texto del fragmento)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawerAssist.cpp" line="29"/>
        <source>No edits</source>
        <translation>Sin cambios</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ApprovalsDrawerAssist.cpp" line="30"/>
        <source>%n character(s) changed</source>
        <translation>
            <numerusform>%n carácter cambiado</numerusform>
            <numerusform>%n caracteres cambiados</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="441"/>
        <source>Set every grade to approve (still to set: %1). Keys 1–5 set the focused grade.</source>
        <translation>Ponga todas las calificaciones para aprobar (faltan: %1). Las teclas 1–5 ponen la calificación seleccionada.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="444"/>
        <source>The reply is empty or too long to send.</source>
        <translation>La respuesta está vacía o es demasiado larga para enviarla.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="446"/>
        <source>Ready: Approve &amp; send (Ctrl+Enter) sends this reply to the customer.</source>
        <translation>Lista: Aprobar y enviar (Ctrl+Intro) envía esta respuesta al cliente.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="484"/>
        <source>A reason is required to reject a draft.</source>
        <translation>Se necesita un motivo para rechazar un borrador.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="89"/>
        <source>Chatwoot has not confirmed this reply yet. CX Pilot checks again at %1 before sending anything again.</source>
        <translation>Chatwoot aún no ha confirmado esta respuesta. CX Pilot vuelve a comprobarlo a las %1 antes de enviar nada de nuevo.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="93"/>
        <source>Chatwoot has not confirmed this reply yet. CX Pilot checks again before sending anything again.</source>
        <translation>Chatwoot aún no ha confirmado esta respuesta. CX Pilot vuelve a comprobarlo antes de enviar nada de nuevo.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="532"/>
        <source>Approved — sending this reply to Chatwoot…</source>
        <translation>Aprobada: enviando esta respuesta a Chatwoot…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="539"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="569"/>
        <source>Needs attention: %1</source>
        <translation>Requiere atención: %1</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="560"/>
        <source>Sent to the customer.</source>
        <translation>Enviada al cliente.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="564"/>
        <source>Not sent.</source>
        <translation>No enviada.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="564"/>
        <source>Not sent: stopped at %1.</source>
        <translation>No enviada: se detuvo en %1.</translation>
    </message>
</context>
<context>
    <name>cx::gui::AttentionBanner</name>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="12"/>
        <source>Open draft</source>
        <translation>Abrir borrador</translation>
    </message>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="41"/>
        <source>Needs attention: %1</source>
        <translation>Requiere atención: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="43"/>
        <source>(and %1 more)</source>
        <translation>(y %1 más)</translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationDialog</name>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="55"/>
        <source>Grading calibration</source>
        <translation>Calibración de calificaciones</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="59"/>
        <source>Session:</source>
        <translation>Sesión:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="67"/>
        <source>Calibration never sends anything: everyone grades the same already-sent replies blind, without seeing anyone else&apos;s grades (nor the original reviewer&apos;s) until the lead closes the session.</source>
        <translation>La calibración nunca envía nada: todos califican a ciegas las mismas respuestas ya enviadas, sin ver las calificaciones de los demás (ni las del revisor original) hasta que el responsable cierra la sesión.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="82"/>
        <source>New session</source>
        <translation>Nueva sesión</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="83"/>
        <source>Grade</source>
        <translation>Calificar</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="84"/>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="92"/>
        <source>The database is not open yet, so there are no calibration sessions.</source>
        <translation>La base de datos aún no está abierta, así que no hay sesiones de calibración.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="110"/>
        <source>Calibration %1</source>
        <translation>Calibración %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="111"/>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="115"/>
        <source>Number of replies to sample</source>
        <translation>Número de respuestas de la muestra</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="119"/>
        <source>Sample by inbox and grade</source>
        <translation>Muestrear por bandeja de entrada y calificación</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="121"/>
        <source>Picks replies from every inbox and every grade band in turn, so the session covers the whole scale rather than mostly the common grades.</source>
        <translation>Elige respuestas de cada bandeja de entrada y de cada franja de calificación por turnos, para que la sesión cubra toda la escala y no sobre todo las calificaciones habituales.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="126"/>
        <source>Replies:</source>
        <translation>Respuestas:</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="133"/>
        <source>Sent replies (last %n day(s)):</source>
        <translation>
            <numerusform>Respuestas enviadas (último %n día):</numerusform>
            <numerusform>Respuestas enviadas (últimos %n días):</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="134"/>
        <source>Start session</source>
        <translation>Empezar la sesión</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="151"/>
        <source>The reply to grade</source>
        <translation>La respuesta que se califica</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="170"/>
        <source>Save grade and go to the next</source>
        <translation>Guardar la calificación y pasar a la siguiente</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="176"/>
        <source>Add a simulated second reviewer (demo)</source>
        <translation>Añadir un segundo revisor simulado (demo)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="178"/>
        <source>Demo only: grades every item as &quot;%1&quot;, from the original grades with a little random leniency. Shown as simulated in the results.</source>
        <translation>Solo demo: califica cada elemento como «%1», a partir de las calificaciones originales con un poco de indulgencia aleatoria. Aparece como simulado en los resultados.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="196"/>
        <source>Close session and show results</source>
        <translation>Cerrar la sesión y mostrar los resultados</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="203"/>
        <source>Calibration results</source>
        <translation>Resultados de la calibración</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="229"/>
        <source>open</source>
        <translation>abierta</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="229"/>
        <source>closed</source>
        <translation>cerrada</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="231"/>
        <source>%1 — %n reply(ies), by %2, %3</source>
        <translation>
            <numerusform>%1 — %n respuesta, de %2, %3</numerusform>
            <numerusform>%1 — %n respuestas, de %2, %3</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="258"/>
        <source>Inbox %1 — sent reply reviewed %2</source>
        <translation>Bandeja de entrada %1 — respuesta enviada, revisada el %2</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="267"/>
        <source>No sent replies yet: approve and send a few drafts first.</source>
        <translation>Aún no hay respuestas enviadas: apruebe y envíe primero algunos borradores.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="301"/>
        <source>Not enough sent replies to sample from (%1).</source>
        <translation>No hay suficientes respuestas enviadas para la muestra (%1).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="339"/>
        <source>No calibration session yet: start one on the first tab.</source>
        <translation>Aún no hay ninguna sesión de calibración: inicie una en la primera pestaña.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="387"/>
        <location filename="../src/app/CalibrationDialog.cpp" line="491"/>
        <source>%1 (simulated)</source>
        <translation>%1 (simulado)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="388"/>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 de %3</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="391"/>
        <source>Nobody has graded yet.</source>
        <translation>Nadie ha calificado todavía.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="392"/>
        <source>Graded so far — %1</source>
        <translation>Calificado hasta ahora — %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="397"/>
        <source>Only %1, who started the session, can close it.</source>
        <translation>Solo %1, que inició la sesión, puede cerrarla.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="402"/>
        <source>The results appear when the lead closes the session; until then nobody sees anyone else&apos;s grades.</source>
        <translation>Los resultados aparecen cuando el responsable cierra la sesión; hasta entonces nadie ve las calificaciones de los demás.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="422"/>
        <source>This session is closed.</source>
        <translation>Esta sesión está cerrada.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="423"/>
        <source>You have graded all %n reply(ies) of this session.</source>
        <translation>
            <numerusform>Ha calificado la %n respuesta de esta sesión.</numerusform>
            <numerusform>Ha calificado las %n respuestas de esta sesión.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="431"/>
        <source>Reply %1 of %2 (inbox %3)</source>
        <translation>Respuesta %1 de %2 (bandeja de entrada %3)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="433"/>
        <source>The customer wrote:</source>
        <translation>El cliente escribió:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="434"/>
        <source>The reply that was sent:</source>
        <translation>La respuesta enviada:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="494"/>
        <source>Agreement per axis (Krippendorff&apos;s α, ordinal)</source>
        <translation>Concordancia por eje (Krippendorff&apos;s α, ordinal)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>Axis</source>
        <translation>Eje</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>α with 95 % interval</source>
        <translation>α con intervalo del 95 %</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>Replies</source>
        <translation>Respuestas</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="504"/>
        <source>α ≥ 0.80: the grades can be relied on; 0.67–0.80: tentative; below 0.67: the reviewers do not mean the same thing by a grade (Krippendorff&apos;s guideline).</source>
        <translation>α ≥ 0,80: las calificaciones son fiables; 0,67–0,80: provisionales; por debajo de 0,67: los revisores no entienden lo mismo por una calificación (pauta de Krippendorff).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="507"/>
        <source>Pairs of reviewers (quadratic-weighted κ)</source>
        <translation>Pares de revisores (κ con ponderación cuadrática)</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="511"/>
        <source>%n reply(ies)</source>
        <translation>
            <numerusform>%n respuesta</numerusform>
            <numerusform>%n respuestas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="514"/>
        <source>Leniency per reviewer</source>
        <translation>Indulgencia por revisor</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="515"/>
        <source>Mean difference from the others&apos; grades on the same replies: positive means more lenient, negative stricter.</source>
        <translation>Diferencia media respecto a las calificaciones de los demás en las mismas respuestas: positiva indica más indulgencia; negativa, más rigor.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="525"/>
        <source>Some grades here are simulated (demo), not a person&apos;s.</source>
        <translation>Algunas calificaciones aquí son simuladas (demo), no de una persona.</translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationPanel</name>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="15"/>
        <source>Grading consistency</source>
        <translation>Coherencia de las calificaciones</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="26"/>
        <source>Average grades shown</source>
        <translation>Calificaciones medias mostradas</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="27"/>
        <source>As graded</source>
        <translation>Tal como se calificaron</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="28"/>
        <source>Leniency-adjusted</source>
        <translation>Ajustadas por indulgencia</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="29"/>
        <source>Leniency-adjusted: each grade minus its reviewer&apos;s leniency measured in the most recent closed calibration session (Reports › Grading calibration…).</source>
        <translation>Ajustadas por indulgencia: cada calificación menos la indulgencia de su revisor medida en la sesión de calibración cerrada más reciente (Informes › Calibración de calificaciones…).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="72"/>
        <source>Grading consistency could not be checked: %1</source>
        <translation>No se pudo comprobar la coherencia de las calificaciones: %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="81"/>
        <source>Not computed yet.</source>
        <translation>Aún no calculado.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="88"/>
        <source>more lenient</source>
        <translation>con más indulgencia</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="88"/>
        <source>stricter</source>
        <translation>con más rigor</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="89"/>
        <source>%1 grades %2 %3 than their peers since %4.</source>
        <translation>%1 califica %2 %3 que sus compañeros desde %4.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="97"/>
        <source>No reviewer&apos;s grades have drifted from their peers&apos; (%n reviewer-axis chart(s) watched).</source>
        <translation>
            <numerusform>Las calificaciones de ningún revisor se han desviado de las de sus compañeros (%n gráfico revisor-eje vigilado).</numerusform>
            <numerusform>Las calificaciones de ningún revisor se han desviado de las de sus compañeros (%n gráficos revisor-eje vigilados).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="105"/>
        <source>Drift alert: %1 (CUSUM past 5 σ; about one false alarm per 465 grades). Consider a calibration session.</source>
        <translation>Alerta de deriva: %1 (CUSUM por encima de 5 σ; aproximadamente una falsa alarma cada 465 calificaciones). Conviene una sesión de calibración.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="115"/>
        <source>Tone %1 · Accuracy %2 · Policy %3 (%n grade(s))</source>
        <translation>
            <numerusform>Tono %1 · Precisión %2 · Políticas %3 (%n calificación)</numerusform>
            <numerusform>Tono %1 · Precisión %2 · Políticas %3 (%n calificaciones)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="120"/>
        <source>— no closed calibration session yet, so nothing to adjust by.</source>
        <translation>— aún no hay ninguna sesión de calibración cerrada, así que no hay nada con qué ajustar.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="121"/>
        <source>— adjusted by the leniency measured in &quot;%1&quot;.</source>
        <translation>— ajustadas por la indulgencia medida en «%1».</translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationModel</name>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="40"/>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="42"/>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="44"/>
        <source>Medium</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="46"/>
        <source>Low</source>
        <translation>Baja</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="56"/>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="58"/>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="60"/>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="62"/>
        <source>Snoozed</source>
        <translation>Pospuesta</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="66"/>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="72"/>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="74"/>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="76"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="78"/>
        <source>WhatsApp</source>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="80"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="94"/>
        <source>Contact #%1</source>
        <translation>Contacto #%1</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="126"/>
        <source>Sounds angry</source>
        <translation>Parece enfadado</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="128"/>
        <source>Asks for speed (%1)</source>
        <translation>Pide rapidez (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="129"/>
        <source> — moved up one SLA tier</source>
        <translation> — sube un nivel de SLA</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="179"/>
        <source>On time</source>
        <translation>A tiempo</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="181"/>
        <source>At risk</source>
        <translation>En riesgo</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="183"/>
        <source>Breached</source>
        <translation>Incumplido</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="195"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="198"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="201"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="202"/>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="235"/>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="242"/>
        <source>%1 of a %2-minute first-reply SLA (at risk after 75 %)</source>
        <translation>%1 de un SLA de primera respuesta de %2 minutos (en riesgo a partir del 75 %)</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="311"/>
        <source>Inbox %1</source>
        <translation>Bandeja %1</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="324"/>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="330"/>
        <location filename="../src/app/ConversationQueueView.cpp" line="79"/>
        <source>Draft waiting</source>
        <translation>Borrador pendiente</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="368"/>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="370"/>
        <source>Inbox</source>
        <translation>Bandeja</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="372"/>
        <source>Last message</source>
        <translation>Último mensaje</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="374"/>
        <source>Waiting</source>
        <translation>Esperando</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="376"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="378"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="380"/>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="382"/>
        <source>Assignee</source>
        <translation>Asignada a</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="384"/>
        <source>Unread</source>
        <translation>No leídos</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="386"/>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationThreadView</name>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="24"/>
        <source>Conversation messages</source>
        <translation>Mensajes de la conversación</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="37"/>
        <source>Select a conversation to read it.</source>
        <translation>Seleccione una conversación para leerla.</translation>
    </message>
</context>
<context>
    <name>cx::gui::DashboardWidget</name>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="66"/>
        <source>MMM d</source>
        <comment>day label format (QDate::toString)</comment>
        <translation>d MMM</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="135"/>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="137"/>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="140"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n día</numerusform>
            <numerusform>%n días</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="141"/>
        <source>The last %n day(s) up to today (UTC)</source>
        <translation>
            <numerusform>El último día hasta hoy (UTC)</numerusform>
            <numerusform>Los últimos %n días hasta hoy (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="150"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="185"/>
        <source>Click a point or a bar to list the conversations behind it.</source>
        <translation>Haga clic en un punto o una barra para ver las conversaciones que hay detrás.</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="191"/>
        <source>Conversations behind the selected point</source>
        <translation>Conversaciones detrás del punto seleccionado</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="196"/>
        <source>Double-click a conversation to open it.</source>
        <translation>Haga doble clic en una conversación para abrirla.</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="237"/>
        <source>First day</source>
        <translation>Primer día</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="238"/>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="242"/>
        <source>Inbox</source>
        <translation>Bandeja</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="243"/>
        <location filename="../src/app/DashboardWidget.cpp" line="444"/>
        <source>All inboxes</source>
        <translation>Todas las bandejas</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="248"/>
        <source>Reviewer</source>
        <translation>Revisor</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="249"/>
        <location filename="../src/app/DashboardWidget.cpp" line="448"/>
        <source>All reviewers</source>
        <translation>Todos los revisores</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="255"/>
        <source>Computing</source>
        <translation>Calculando</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="271"/>
        <source>Open conversations</source>
        <translation>Conversaciones abiertas</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="561"/>
        <source>%1 (conversation %2)</source>
        <translation>%1 (conversación %2)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="297"/>
        <source>Daily average grades</source>
        <translation>Calificaciones medias diarias</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="298"/>
        <source>Daily SLA compliance (%)</source>
        <translation>Cumplimiento diario del SLA (%)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="299"/>
        <source>Edit ratio (reviewed drafts)</source>
        <translation>Proporción de edición (borradores revisados)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="300"/>
        <source>Approval time (drafts)</source>
        <translation>Tiempo de aprobación (borradores)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="422"/>
        <source>The dashboard could not be computed: %1</source>
        <translation>No se pudo calcular el panel: %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="446"/>
        <source>Inbox %1</source>
        <translation>Bandeja %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="485"/>
        <source>Target: %1 (n = %2)</source>
        <translation>Objetivo: %1 (n = %2)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="495"/>
        <source>Green ≥ %1 %, yellow ≥ %2 %</source>
        <translation>Verde ≥ %1 %, amarillo ≥ %2 %</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="507"/>
        <source>≤ %1 min</source>
        <translation>≤ %1 min</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="101"/>
        <source>Tone</source>
        <translation>Tono</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="102"/>
        <source>Accuracy</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="103"/>
        <source>Policy</source>
        <translation>Políticas</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="128"/>
        <source>Within SLA</source>
        <translation>Dentro del SLA</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="165"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="226"/>
        <location filename="../src/app/DashboardCharts.cpp" line="228"/>
        <source>Drafts</source>
        <translation>Borradores</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="227"/>
        <source>edit ratio, bucket upper bound (0 = unedited)</source>
        <translation>proporción de edición, límite superior del intervalo (0 = sin editar)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="229"/>
        <source>ready → approved, bucket upper bound</source>
        <translation>listo → aprobado, límite superior del intervalo</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="523"/>
        <source>reviewed on %1</source>
        <translation>revisadas el %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="530"/>
        <source>with edit ratio %1</source>
        <translation>con proporción de edición %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="536"/>
        <source>approved in %1</source>
        <translation>aprobadas en %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="540"/>
        <source>Loading conversations %1…</source>
        <translation>Cargando conversaciones %1…</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="549"/>
        <source>Could not list the conversations: %1</source>
        <translation>No se pudieron listar las conversaciones: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="554"/>
        <source>%n conversation(s) %1 — double-click one to open it.</source>
        <translation>
            <numerusform>%n conversación %1: haga doble clic para abrirla.</numerusform>
            <numerusform>%n conversaciones %1: haga doble clic en una para abrirla.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="560"/>
        <source>Conversation %1</source>
        <translation>Conversación %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::DraftModel</name>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="17"/>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="19"/>
        <source>Medium</source>
        <translation>Media</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="21"/>
        <source>Low</source>
        <translation>Baja</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="22"/>
        <source>Not assessed</source>
        <translation>Sin evaluar</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="36"/>
        <source>Drafted</source>
        <translation>Redactado</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="38"/>
        <source>Note posted</source>
        <translation>Nota publicada</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="52"/>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="54"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="56"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="59"/>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="70"/>
        <source>Not confirmed yet — re-checking at %1</source>
        <translation>Aún sin confirmar: nueva comprobación a las %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="72"/>
        <source>Not confirmed yet — re-checking</source>
        <translation>Aún sin confirmar: comprobando de nuevo</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="78"/>
        <source>Needs attention</source>
        <translation>Requiere atención</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="79"/>
        <source>Needs attention: %1</source>
        <translation>Requiere atención: %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="81"/>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="105"/>
        <location filename="../src/app/DraftModel.cpp" line="135"/>
        <source>Conversation #%1</source>
        <translation>Conversación #%1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="128"/>
        <source>%1 (offline drafter)</source>
        <translation>%1 (redactor sin conexión)</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="185"/>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="187"/>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="189"/>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="191"/>
        <source>Risk</source>
        <translation>Riesgo</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="193"/>
        <source>Age</source>
        <translation>Antigüedad</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="195"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
</context>
<context>
    <name>cx::gui::DraftSummaryLine</name>
    <message>
        <location filename="../src/app/DraftSummaryLine.cpp" line="16"/>
        <source>Conversation:</source>
        <translation>Conversación:</translation>
    </message>
    <message>
        <location filename="../src/app/DraftSummaryLine.cpp" line="22"/>
        <source>Conversation summary</source>
        <translation>Resumen de la conversación</translation>
    </message>
</context>
<context>
    <name>cx::gui::ExperimentsPanel</name>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="23"/>
        <source>Prompt and model experiments</source>
        <translation>Experimentos de prompt y modelo</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="27"/>
        <source>No experiment yet. Start one here or with: cxpilot experiment start NAME --variants A,B</source>
        <translation>Aún no hay ningún experimento. Inicie uno aquí o con: cxpilot experiment start NAME --variants A,B</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Prompt / model</source>
        <translation>Prompt / modelo</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Graded</source>
        <translation>Calificados</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="40"/>
        <source>Approved without major edits</source>
        <translation>Aprobados sin cambios importantes</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="40"/>
        <source>Difference to A (always-valid interval)</source>
        <translation>Diferencia respecto a A (intervalo siempre válido)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="45"/>
        <source>Experiment variants</source>
        <translation>Variantes del experimento</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="46"/>
        <source>Start experiment…</source>
        <translation>Iniciar experimento…</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="49"/>
        <location filename="../src/app/ExperimentsPanel.cpp" line="53"/>
        <source>Stop experiment</source>
        <translation>Detener experimento</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="54"/>
        <source>Stop experiment %1? New drafts use the configured prompt and model again; its results stay.</source>
        <translation>¿Detener el experimento %1? Los nuevos borradores vuelven a usar el prompt y el modelo configurados; sus resultados se conservan.</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="79"/>
        <source>No database is connected.</source>
        <translation>No hay ninguna base de datos conectada.</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="127"/>
        <source>Start an experiment</source>
        <translation>Iniciar un experimento</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="134"/>
        <source>Two or more variants, comma-separated: PROMPT_VERSION[@MODEL] or @MODEL. Known prompt versions: %1. The first is the control (A).</source>
        <translation>Dos o más variantes, separadas por comas: PROMPT_VERSION[@MODEL] o @MODEL. Versiones de prompt conocidas: %1. La primera es el control (A).</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="139"/>
        <source>equal shares, or e.g. 50,50</source>
        <translation>partes iguales, o p. ej. 50,50</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="144"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="145"/>
        <source>Variants</source>
        <translation>Variantes</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="146"/>
        <source>Split (%)</source>
        <translation>Reparto (%)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="223"/>
        <source>The experiments could not be read: %1</source>
        <translation>No se pudieron leer los experimentos: %1</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="236"/>
        <source>Experiment %1, running since %2</source>
        <translation>Experimento %1, en curso desde %2</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="236"/>
        <source>Experiment %1, stopped (started %2)</source>
        <translation>Experimento %1, detenido (iniciado el %2)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="245"/>
        <source>configured</source>
        <translation>configurado</translation>
    </message>
</context>
<context>
    <name>cx::gui::GradeSpinBox</name>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="72"/>
        <source> / 5</source>
        <translation> / 5</translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="72"/>
        <source> / 5 ?</source>
        <translation> / 5 ?</translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="73"/>
        <source>Set</source>
        <translation>Puesta</translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="73"/>
        <source>Not set yet</source>
        <translation>Aún sin poner</translation>
    </message>
</context>
<context>
    <name>cx::gui::KnowledgeBaseDialog</name>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="32"/>
        <source>Knowledge base</source>
        <translation>Base de conocimiento</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Last ingested</source>
        <translation>Última importación</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="50"/>
        <source>Add a source</source>
        <translation>Añadir una fuente</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="55"/>
        <source>A folder of Markdown, text, HTML or JSONL articles</source>
        <translation>Una carpeta de artículos en Markdown, texto, HTML o JSONL</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="56"/>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="58"/>
        <source>Ingest folder</source>
        <translation>Importar carpeta</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="65"/>
        <source>Ingest the Chatwoot Help Center</source>
        <translation>Importar el Centro de ayuda de Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="67"/>
        <source>Ingest every source again</source>
        <translation>Volver a importar todas las fuentes</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="78"/>
        <source>Cancel ingest</source>
        <translation>Cancelar la importación</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="95"/>
        <source>Choose a folder of articles</source>
        <translation>Elegir una carpeta de artículos</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="133"/>
        <source>Help Center of %1</source>
        <translation>Centro de ayuda de %1</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="140"/>
        <source>The knowledge base could not be opened.</source>
        <translation>No se pudo abrir la base de conocimiento.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="146"/>
        <source>Nothing is indexed yet: add a folder of articles or your Chatwoot Help Center below.</source>
        <translation>Aún no hay nada indexado: añada abajo una carpeta de artículos o su Centro de ayuda de Chatwoot.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="147"/>
        <source>Indexed: %1 from %2.</source>
        <translation>En el índice: %1 de %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n fragmento</numerusform>
            <numerusform>%n fragmentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n documento</numerusform>
            <numerusform>%n documentos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="157"/>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="161"/>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="175"/>
        <source>Connect to Chatwoot first (File › Settings…): the Help Center&apos;s published articles are read from there.</source>
        <translation>Conéctese primero a Chatwoot (Archivo › Configuración…): los artículos publicados del Centro de ayuda se leen desde allí.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="185"/>
        <source>Choose a folder of articles first.</source>
        <translation>Elija primero una carpeta de artículos.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="216"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="241"/>
        <source>Indexing %1 of %2 documents…</source>
        <translation>Indexando %1 de %2 documentos…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="245"/>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="252"/>
        <source>this Help Center is not the connected Chatwoot&apos;s; connect to it in Settings first</source>
        <translation>este Centro de ayuda no es del Chatwoot conectado; conéctese primero a él en Configuración</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="255"/>
        <source>Fetching the published Help Center articles…</source>
        <translation>Obteniendo los artículos publicados del Centro de ayuda…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="273"/>
        <source>%1: %2 added, %3 updated, %4 unchanged, %5 removed.</source>
        <translation>%1: %2 añadidos, %3 actualizados, %4 sin cambios, %5 eliminados.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="280"/>
        <source>%n file(s) or row(s) skipped.</source>
        <translation>
            <numerusform>%n archivo o fila omitido.</numerusform>
            <numerusform>%n archivos o filas omitidos.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="286"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="302"/>
        <source>Cancelled; the knowledge base is unchanged.</source>
        <translation>Cancelado; la base de conocimiento no ha cambiado.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="303"/>
        <source>Cancelled; the sources not ingested yet are unchanged.</source>
        <translation>Cancelado; las fuentes aún no importadas no han cambiado.</translation>
    </message>
</context>
<context>
    <name>cx::gui::MainWindow</name>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="73"/>
        <source>CX Pilot — Demo (simulated Chatwoot)</source>
        <translation>CX Pilot — Demo (Chatwoot simulado)</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="73"/>
        <source>CX Pilot</source>
        <translation>CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="126"/>
        <source>Select a conversation on the left.</source>
        <translation>Seleccione una conversación a la izquierda.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="144"/>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="148"/>
        <source>Dashboard</source>
        <translation>Panel</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="155"/>
        <source>The export failed: %1</source>
        <translation>La exportación falló: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="27"/>
        <source>Which conversations</source>
        <translation>Qué conversaciones</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="28"/>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="29"/>
        <source>Mine</source>
        <translation>Mías</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="30"/>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="34"/>
        <source>Drafts waiting</source>
        <translation>Borradores pendientes</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="37"/>
        <source>SLA at risk</source>
        <translation>SLA en riesgo</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="43"/>
        <source>Conversation queue</source>
        <translation>Cola de conversaciones</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="44"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="45"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="47"/>
        <source>&amp;Knowledge base…</source>
        <translation>&amp;Base de conocimiento…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="55"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="58"/>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="59"/>
        <source>Next conversation</source>
        <translation>Conversación siguiente</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="61"/>
        <source>Previous conversation</source>
        <translation>Conversación anterior</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="63"/>
        <source>Next waiting draft</source>
        <translation>Siguiente borrador pendiente</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="65"/>
        <source>Focus the queue</source>
        <translation>Ir a la cola</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="71"/>
        <source>Show the dashboard</source>
        <translation>Mostrar el panel</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="73"/>
        <source>Focus the draft editor</source>
        <translation>Ir al editor del borrador</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="78"/>
        <source>&amp;Reports</source>
        <translation>&amp;Informes</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="85"/>
        <source>Export &amp;PDF…</source>
        <translation>Exportar &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="86"/>
        <source>Export &amp;CSV…</source>
        <translation>Exportar &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="88"/>
        <source>Export fine-tuning &amp;JSONL…</source>
        <translation>Exportar &amp;JSONL de ajuste fino…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="90"/>
        <source>&amp;Grading calibration…</source>
        <translation>&amp;Calibración de calificaciones…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="96"/>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="97"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="125"/>
        <source>Settings saved and applied.</source>
        <translation>Configuración guardada y aplicada.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="137"/>
        <source>The knowledge base is still opening; try again in a moment.</source>
        <translation>La base de conocimiento aún se está abriendo; inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="181"/>
        <source>Set the focused grade</source>
        <translation>Poner la calificación seleccionada</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="184"/>
        <source>Approve &amp; send (all three grades set)</source>
        <translation>Aprobar y enviar (las tres calificaciones puestas)</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="223"/>
        <source>CX Pilot is still running</source>
        <translation>CX Pilot sigue en marcha</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="224"/>
        <source>It keeps watching the queue in the tray. To quit, use File › Quit or the tray menu.</source>
        <translation>Sigue vigilando la cola desde la bandeja del sistema. Para salir, use Archivo › Salir o el menú de la bandeja.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="99"/>
        <source>&amp;About CX Pilot</source>
        <translation>Acerca &amp;de CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="241"/>
        <source>Learning signals of reviewed drafts wait in a local queue while the database is unavailable; they are saved once it is back.</source>
        <translation>Las señales de aprendizaje de los borradores revisados esperan en una cola local mientras la base de datos no está disponible; se guardan cuando vuelve.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="245"/>
        <source>Last sync: —</source>
        <translation>Última sincronización: —</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="251"/>
        <source>Knowledge %p%</source>
        <translation>Conocimiento %p %</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="273"/>
        <source>%n learning signal(s) waiting for the database</source>
        <translation>
            <numerusform>%n señal de aprendizaje espera a la base de datos</numerusform>
            <numerusform>%n señales de aprendizaje esperan a la base de datos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="298"/>
        <source>Last sync failed: %1</source>
        <translation>La última sincronización falló: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="317"/>
        <source>A draft for conversation %1 could not be made: %2</source>
        <translation>No se pudo crear un borrador para la conversación %1: %2</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNotifications.cpp" line="80"/>
        <location filename="../src/app/MainWindowNotifications.cpp" line="100"/>
        <source>Conversation %1</source>
        <translation>Conversación %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="369"/>
        <source>Retrying…</source>
        <translation>Reintentando…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="387"/>
        <source>Drafting again…</source>
        <translation>Redactando de nuevo…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="392"/>
        <source>No new draft: %1</source>
        <translation>Ningún borrador nuevo: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="432"/>
        <source>Last sync: %1</source>
        <translation>Última sincronización: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="453"/>
        <source>The conversation could not be loaded: %1</source>
        <translation>No se pudo cargar la conversación: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="471"/>
        <source>Set your name (Settings › Reviewer) before approving: every approval is signed by a person.</source>
        <translation>Indique su nombre (Configuración › Revisor) antes de aprobar: cada aprobación la firma una persona.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="473"/>
        <source>Chatwoot is not connected yet.</source>
        <translation>Chatwoot aún no está conectado.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="504"/>
        <source>Sent (it had already reached Chatwoot; not sent twice).</source>
        <translation>Enviada (ya había llegado a Chatwoot; no se envió dos veces).</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="504"/>
        <source>Sent.</source>
        <translation>Enviada.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="505"/>
        <source>Rejected; the reason was recorded.</source>
        <translation>Rechazado; se registró el motivo.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="508"/>
        <source>The learning signal waits locally until the database is back.</source>
        <translation>La señal de aprendizaje espera localmente hasta que vuelva la base de datos.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="511"/>
        <source>sending the reply</source>
        <translation>enviando la respuesta</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="511"/>
        <source>recording the rejection</source>
        <translation>registrando el rechazo</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="536"/>
        <source>%n reply(s) resumed and sent</source>
        <translation>
            <numerusform>%n respuesta reanudada y enviada</numerusform>
            <numerusform>%n respuestas reanudadas y enviadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="538"/>
        <source>%n reply(s) already in Chatwoot (recorded, not sent again)</source>
        <translation>
            <numerusform>%n respuesta ya estaba en Chatwoot (registrada, no se volvió a enviar)</numerusform>
            <numerusform>%n respuestas ya estaban en Chatwoot (registradas, no se volvieron a enviar)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="541"/>
        <source>%n learning signal(s) saved</source>
        <translation>
            <numerusform>%n señal de aprendizaje guardada</numerusform>
            <numerusform>%n señales de aprendizaje guardadas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="39"/>
        <source>Chatwoot cannot be reached, so there are no conversations to show. CX Pilot keeps trying.</source>
        <translation>No se puede acceder a Chatwoot, así que no hay conversaciones que mostrar. CX Pilot sigue intentándolo.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="41"/>
        <source>Connect to Chatwoot in File › Settings… to see your conversations here.</source>
        <translation>Conéctese a Chatwoot en Archivo › Configuración… para ver aquí sus conversaciones.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="43"/>
        <source>Connecting to Chatwoot…</source>
        <translation>Conectando con Chatwoot…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="45"/>
        <source>No conversations to show.</source>
        <translation>No hay conversaciones que mostrar.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="61"/>
        <source>Chatwoot cannot be reached at %1. Check the network connection and the Chatwoot URL in File › Settings… (Test connection shows which check fails). CX Pilot keeps trying.</source>
        <translation>No se puede acceder a Chatwoot en %1. Compruebe la conexión de red y la URL de Chatwoot en Archivo › Configuración… (Probar conexión muestra qué comprobación falla). CX Pilot sigue intentándolo.</translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageBanner</name>
    <message>
        <location filename="../src/app/MessageBanner.cpp" line="22"/>
        <location filename="../src/app/MessageBanner.cpp" line="23"/>
        <source>Dismiss message</source>
        <translation>Cerrar mensaje</translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageDelegate</name>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="60"/>
        <source>Attachment: %1</source>
        <translation>Adjunto: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="67"/>
        <source>Private note</source>
        <translation>Nota privada</translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="69"/>
        <source>CX Pilot draft · private note</source>
        <translation>Borrador de CX Pilot · nota privada</translation>
    </message>
</context>
<context>
    <name>cx::gui::NotificationCenter</name>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="86"/>
        <source>Show window</source>
        <translation>Mostrar ventana</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="89"/>
        <source>Pause notifications</source>
        <translation>Pausar notificaciones</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="97"/>
        <source>No notification when a waiting conversation nears or passes its reply-time target</source>
        <translation>Sin notificación cuando una conversación en espera se acerca a su objetivo de tiempo de respuesta o lo supera</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="99"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="154"/>
        <source>CX Pilot — no drafts waiting</source>
        <translation>CX Pilot — ningún borrador pendiente</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="155"/>
        <source>CX Pilot — %n draft(s) waiting for review</source>
        <translation>
            <numerusform>CX Pilot — %n borrador pendiente de revisión</numerusform>
            <numerusform>CX Pilot — %n borradores pendientes de revisión</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="161"/>
        <source>No drafts waiting</source>
        <translation>Ningún borrador pendiente</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="161"/>
        <source>%n draft(s) waiting</source>
        <translation>
            <numerusform>%n borrador pendiente</numerusform>
            <numerusform>%n borradores pendientes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="164"/>
        <source>Notifications paused</source>
        <translation>Notificaciones en pausa</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="211"/>
        <source>%n new draft(s) to review</source>
        <translation>
            <numerusform>%n borrador nuevo por revisar</numerusform>
            <numerusform>%n borradores nuevos por revisar</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="212"/>
        <source>For %1</source>
        <translation>Para %1</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="216"/>
        <source>New draft for %1</source>
        <translation>Nuevo borrador para %1</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="206"/>
        <location filename="../src/app/NotificationCenter.cpp" line="237"/>
        <source>a customer</source>
        <translation>un cliente</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="39"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 y %n más</numerusform>
            <numerusform>%1 y %n más</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="93"/>
        <source>&amp;Pause SLA alerts</source>
        <translation>&amp;Pausar alertas de SLA</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="219"/>
        <source>High risk</source>
        <translation>Riesgo alto</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="221"/>
        <source>Medium risk</source>
        <translation>Riesgo medio</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="223"/>
        <source>Low risk</source>
        <translation>Riesgo bajo</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="225"/>
        <source>A reply is ready for review.</source>
        <translation>Hay una respuesta lista para revisar.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="245"/>
        <source>%n past the reply-time target</source>
        <translation>
            <numerusform>%n ha superado el objetivo de tiempo de respuesta</numerusform>
            <numerusform>%n han superado el objetivo de tiempo de respuesta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="246"/>
        <source>%n conversation(s) waiting too long</source>
        <translation>
            <numerusform>%n conversación espera demasiado</numerusform>
            <numerusform>%n conversaciones esperan demasiado</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="253"/>
        <source>Reply-time target missed: %1</source>
        <translation>Objetivo de tiempo de respuesta incumplido: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="254"/>
        <source>Waiting for %n minute(s), past the target.</source>
        <translation>
            <numerusform>Lleva %n minuto esperando, objetivo superado.</numerusform>
            <numerusform>Lleva %n minutos esperando, objetivo superado.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="256"/>
        <source>Reply soon: %1</source>
        <translation>Responda pronto: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="257"/>
        <source>Waiting for %n minute(s), over 75 % of the reply-time target.</source>
        <translation>
            <numerusform>Lleva %n minuto esperando, más del 75 % del objetivo de tiempo de respuesta.</numerusform>
            <numerusform>Lleva %n minutos esperando, más del 75 % del objetivo de tiempo de respuesta.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="286"/>
        <source>Open</source>
        <translation>Abierta</translation>
    </message>
</context>
<context>
    <name>cx::gui::RejectDialog</name>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="24"/>
        <source>Wrong facts</source>
        <translation>Datos incorrectos</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="25"/>
        <source>Wrong tone</source>
        <translation>Tono incorrecto</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="26"/>
        <source>Against policy</source>
        <translation>Contra la política</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="27"/>
        <source>Not needed</source>
        <translation>No hace falta</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="28"/>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="51"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="67"/>
        <source>&amp;Details:</source>
        <translation>&amp;Detalles:</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="71"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="87"/>
        <source>Reject with this reason (Ctrl+Enter)</source>
        <translation>Rechazar con este motivo (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="137"/>
        <source>Say why (required for Other)</source>
        <translation>Explique por qué (obligatorio para «Otro»)</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="137"/>
        <source>Optional: what was wrong</source>
        <translation>Opcional: qué estaba mal</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="138"/>
        <source>Describe the reason to reject with &quot;Other&quot;.</source>
        <translation>Describa el motivo para rechazar con «Otro».</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="139"/>
        <source>Ctrl+Enter rejects the draft, Esc cancels.</source>
        <translation>Ctrl+Intro rechaza el borrador, Esc cancela.</translation>
    </message>
</context>
<context>
    <name>cx::gui::ReliabilityPanel</name>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="44"/>
        <source>Confidence calibration</source>
        <translation>Calibración de la confianza</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="49"/>
        <source>Reliability: confidence against drafts sent without major edits</source>
        <translation>Fiabilidad: confianza frente a borradores enviados sin cambios importantes</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="54"/>
        <source>Reliability diagram</source>
        <translation>Diagrama de fiabilidad</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="55"/>
        <source>No calibration yet.</source>
        <translation>Aún no hay calibración.</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="58"/>
        <source>Refit calibration</source>
        <translation>Reajustar la calibración</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="60"/>
        <source>Learn the map from the drafter&apos;s confidence to the observed share of drafts sent with minor or no edits, from every reviewed draft so far.</source>
        <translation>Aprender la correspondencia entre la confianza del generador de borradores y la proporción observada de borradores enviados con cambios menores o sin cambios, a partir de todos los borradores revisados hasta ahora.</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="147"/>
        <source>Perfect calibration</source>
        <translation>Calibración perfecta</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="154"/>
        <source>Raw confidence</source>
        <translation>Confianza bruta</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="156"/>
        <source>Calibrated</source>
        <translation>Calibrada</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="159"/>
        <source>Predicted</source>
        <translation>Predicho</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="162"/>
        <source>Observed</source>
        <translation>Observado</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="176"/>
        <source>Not fitted yet (reviewed drafts with a confidence: %1).</source>
        <translation>Aún sin ajustar (borradores revisados con confianza: %1).</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="180"/>
        <source>Expected calibration error %1 raw, %2 calibrated (cross-validated); fitted %3 by %4, sample size %5.</source>
        <translation>Error de calibración esperado: %1 bruto, %2 calibrado (validación cruzada); ajustado el %3 por %4, tamaño de muestra %5.</translation>
    </message>
</context>
<context>
    <name>cx::gui::ReportExporter</name>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="63"/>
        <source>Export PDF report</source>
        <translation>Exportar informe PDF</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="63"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="66"/>
        <source>Export learning signals (CSV)</source>
        <translation>Exportar señales de aprendizaje (CSV)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="66"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="71"/>
        <source>Export fine-tuning data (JSONL)</source>
        <translation>Exportar datos de ajuste fino (JSONL)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="71"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="116"/>
        <source>Export finished</source>
        <translation>Exportación terminada</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="117"/>
        <source>%1
Saved to %2</source>
        <translation>%1
Guardado en %2</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="122"/>
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="141"/>
        <source>Preparing the export…</source>
        <translation>Preparando la exportación…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="141"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="143"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="164"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="215"/>
        <source>Computing the metrics…</source>
        <translation>Calculando las métricas…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="225"/>
        <source>Selecting the worst-graded replies…</source>
        <translation>Seleccionando las respuestas peor calificadas…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="235"/>
        <source>Writing the PDF…</source>
        <translation>Escribiendo el PDF…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="242"/>
        <source>Inbox %1</source>
        <translation>Bandeja %1</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="245"/>
        <source>Reviewer %1</source>
        <translation>Revisor %1</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="257"/>
        <source>Could not write %1.</source>
        <translation>No se pudo escribir %1.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="258"/>
        <location filename="../src/app/ReportExporter.cpp" line="307"/>
        <source>Done.</source>
        <translation>Hecho.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="259"/>
        <source>PDF report written.</source>
        <translation>Informe PDF escrito.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="271"/>
        <source>Writing the learning signals…</source>
        <translation>Escribiendo las señales de aprendizaje…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="271"/>
        <source>Writing the fine-tuning examples…</source>
        <translation>Escribiendo los ejemplos de ajuste fino…</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="283"/>
        <source>%n learning signal(s) exported.</source>
        <translation>
            <numerusform>%n señal de aprendizaje exportada.</numerusform>
            <numerusform>%n señales de aprendizaje exportadas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="289"/>
        <source>%n training example(s) exported.</source>
        <translation>
            <numerusform>%n ejemplo de entrenamiento exportado.</numerusform>
            <numerusform>%n ejemplos de entrenamiento exportados.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::RewriteBar</name>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="21"/>
        <source>Rewrite:</source>
        <translation>Reescribir:</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="24"/>
        <source>Shorter</source>
        <translation>Más corto</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="25"/>
        <source>Friendlier</source>
        <translation>Más amable</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="26"/>
        <source>More formal</source>
        <translation>Más formal</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="27"/>
        <source>Fix grammar</source>
        <translation>Corregir gramática</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="28"/>
        <location filename="../src/app/RewriteBar.cpp" line="105"/>
        <source>In the customer&apos;s language</source>
        <translation>En el idioma del cliente</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="35"/>
        <location filename="../src/app/RewriteBar.cpp" line="109"/>
        <source>Rewrite the draft: %1</source>
        <translation>Reescribir el borrador: %1</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="47"/>
        <source>Rewriting…</source>
        <translation>Reescribiendo…</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="99"/>
        <source>Rewriting is not available here.</source>
        <translation>La reescritura no está disponible aquí.</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="103"/>
        <source>The customer&apos;s language could not be recognised from their messages.</source>
        <translation>No se pudo reconocer el idioma del cliente a partir de sus mensajes.</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="106"/>
        <source>In %1</source>
        <translation>En %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::SendConfirmation</name>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="17"/>
        <source>High risk: %1</source>
        <translation>Riesgo alto: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="19"/>
        <source>High risk</source>
        <translation>Riesgo alto</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="22"/>
        <source>Policy graded %1 of 5</source>
        <translation>Política calificada con %1 de 5</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="28"/>
        <source>Please check before sending:</source>
        <translation>Compruebe antes de enviar:</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="31"/>
        <source>Send this reply?</source>
        <translation>¿Enviar esta respuesta?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="33"/>
        <source>Send this reply to the customer anyway?</source>
        <translation>¿Enviar esta respuesta al cliente de todos modos?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="34"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
</context>
<context>
    <name>cx::gui::SettingsDialog</name>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="39"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="44"/>
        <source>Settings pages</source>
        <translation>Páginas de configuración</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="45"/>
        <source>Chatwoot</source>
        <translation>Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="46"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="47"/>
        <source>Review &amp;&amp; data</source>
        <translation>Revisión &amp;&amp; datos</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="48"/>
        <source>Targets</source>
        <translation>Objetivos</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="105"/>
        <source>Account ID: required with a Chatwoot URL</source>
        <translation>ID de cuenta: obligatorio con una URL de Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="119"/>
        <source>Set by the environment variable %1</source>
        <translation>Definido por la variable de entorno %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="122"/>
        <location filename="../src/app/SettingsPages.cpp" line="86"/>
        <source>Set by the environment variable %1; unset it to change this here.</source>
        <translation>Definido por la variable de entorno %1; elimínela para cambiarlo aquí.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="155"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="157"/>
        <source>Remove %1</source>
        <translation>Quitar %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="158"/>
        <source>Delete the stored value from the keychain when you save</source>
        <translation>Borrar el valor guardado del llavero al guardar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="34"/>
        <source>Chatwoot URL</source>
        <translation>URL de Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="36"/>
        <source>https://chat.example.com</source>
        <translation>https://chat.example.com</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="39"/>
        <source>Account ID</source>
        <translation>ID de cuenta</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="43"/>
        <source>the number after /app/accounts/ in Chatwoot&apos;s address</source>
        <translation>el número que sigue a /app/accounts/ en la dirección de Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="47"/>
        <source>API access token</source>
        <translation>Token de acceso a la API</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="48"/>
        <source>Webhook secret</source>
        <translation>Secreto del webhook</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="51"/>
        <location filename="../src/app/SettingsPages.cpp" line="108"/>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="53"/>
        <source>Test the Chatwoot connection</source>
        <translation>Probar la conexión con Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="56"/>
        <source>Chatwoot test result</source>
        <translation>Resultado de la prueba de Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="78"/>
        <source>Draft replies with AI (AI_CUSTOMER_DRAFT_ENABLED)</source>
        <translation>Redactar respuestas con IA (AI_CUSTOMER_DRAFT_ENABLED)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="81"/>
        <source>The rollback switch: off, no draft is made and nothing changes in Chatwoot.</source>
        <translation>El interruptor de reversión: desactivado, no se crea ningún borrador y nada cambia en Chatwoot.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="92"/>
        <source>Drafting:</source>
        <translation>Redacción:</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="95"/>
        <source>Model endpoint</source>
        <translation>Endpoint del modelo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="97"/>
        <source>empty: offline drafter (simulated)</source>
        <translation>vacío: redactor sin conexión (simulado)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="99"/>
        <source>Any OpenAI-compatible server, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama).</source>
        <translation>Cualquier servidor compatible con OpenAI, p. ej. https://api.openai.com/v1 o http://127.0.0.1:11434/v1 (Ollama).</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="102"/>
        <source>Model name</source>
        <translation>Nombre del modelo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="103"/>
        <source>gpt-4o-mini</source>
        <translation>gpt-4o-mini</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="105"/>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="110"/>
        <source>Test the model endpoint</source>
        <translation>Probar el endpoint del modelo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="112"/>
        <source>Model test result</source>
        <translation>Resultado de la prueba del modelo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="131"/>
        <source>Reviewer name</source>
        <translation>Nombre del revisor</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="133"/>
        <source>who reviews on this computer</source>
        <translation>quién revisa en este equipo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="135"/>
        <source>SLA (minutes)</source>
        <translation>SLA (minutos)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="138"/>
        <source>The first reply to a customer is due within this many minutes.</source>
        <translation>La primera respuesta a un cliente vence en este número de minutos.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="139"/>
        <source>Edit-ratio threshold</source>
        <translation>Umbral de proporción de edición</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="142"/>
        <source>0 to 1: a reply whose edits change less than this share of the draft counts as approved without major edits.</source>
        <translation>De 0 a 1: una respuesta cuyas ediciones cambian menos de esta parte del borrador cuenta como aprobada sin cambios importantes.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="145"/>
        <source>Database URL</source>
        <translation>URL de la base de datos</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="147"/>
        <source>sqlite:///path/cxpilot.db or postgresql://user@host:5432/db</source>
        <translation>sqlite:///ruta/cxpilot.db o postgresql://usuario@host:5432/bd</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="150"/>
        <source>Database password</source>
        <translation>Contraseña de la base de datos</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="158"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="159"/>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="165"/>
        <source>Takes effect the next time CX Pilot starts.</source>
        <translation>Se aplica la próxima vez que se inicie CX Pilot.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="170"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="182"/>
        <source>The North Star targets the dashboard measures against.</source>
        <translation>Los objetivos North Star con los que mide el panel.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="192"/>
        <source>Replies drafted by AI, at least</source>
        <translation>Respuestas redactadas por IA, como mínimo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="195"/>
        <source>Average tone grade, at least</source>
        <translation>Calificación media de tono, como mínimo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="198"/>
        <source>Average accuracy grade, at least</source>
        <translation>Calificación media de precisión, como mínimo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="201"/>
        <source>Average policy grade, at least</source>
        <translation>Calificación media de políticas, como mínimo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="204"/>
        <source>Median approval time, at most</source>
        <translation>Tiempo mediano de aprobación, como máximo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="205"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="208"/>
        <source>Approved without major edits, at least</source>
        <translation>Aprobadas sin cambios importantes, como mínimo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="210"/>
        <source>SLA badge green from</source>
        <translation>Indicador de SLA verde desde</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="213"/>
        <source>SLA badge yellow from</source>
        <translation>Indicador de SLA amarillo desde</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="112"/>
        <source>database URL: leave the password out of the URL and type it in Database password below: it is kept in the keychain, not in the settings file</source>
        <translation>URL de la base de datos: deje la contraseña fuera de la URL y escríbala abajo en Contraseña de la base de datos: se guarda en el llavero, no en el archivo de configuración</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="159"/>
        <source>SLA badge: yellow (%1 %) must not be above green (%2 %)</source>
        <translation>Indicador de SLA: amarillo (%1 %) no puede estar por encima de verde (%2 %)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="168"/>
        <source>A setting on this page needs attention</source>
        <translation>Un ajuste de esta página requiere atención</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="261"/>
        <source>stored — type a new value to replace it</source>
        <translation>guardado: escriba un valor nuevo para reemplazarlo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="266"/>
        <source>type a value to store it</source>
        <translation>escriba un valor para guardarlo</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="269"/>
        <source>set by %1</source>
        <translation>definido por %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="273"/>
        <source>From environment %1</source>
        <translation>De la variable de entorno %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="274"/>
        <source>The environment variable wins over the keychain; unset it to manage this secret here.</source>
        <translation>La variable de entorno tiene prioridad sobre el llavero; elimínela para gestionar este secreto aquí.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="276"/>
        <source>Not saved: %1</source>
        <translation>No guardado: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="278"/>
        <source>Will be removed from the keychain when you save</source>
        <translation>Se quitará del llavero al guardar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="281"/>
        <source>New value: replaces the stored one when you save</source>
        <translation>Valor nuevo: reemplaza al guardado al guardar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="282"/>
        <source>New value: stored in the keychain when you save</source>
        <translation>Valor nuevo: se guarda en el llavero al guardar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="286"/>
        <source>Checking the keychain…</source>
        <translation>Comprobando el llavero…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="288"/>
        <source>Stored in keychain</source>
        <translation>Guardado en el llavero</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="290"/>
        <source>Not set</source>
        <translation>Sin definir</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="292"/>
        <source>Keychain not available</source>
        <translation>Llavero no disponible</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="294"/>
        <source>Could not read the keychain: %1</source>
        <translation>No se pudo leer el llavero: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="62"/>
        <source>Enter a valid Chatwoot URL and account ID first.</source>
        <translation>Primero introduzca una URL de Chatwoot y un ID de cuenta válidos.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="71"/>
        <source>Testing %1…</source>
        <translation>Probando %1…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="94"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; Chatwoot %1</source>
        <translation>&lt;b&gt;Conectado.&lt;/b&gt; Chatwoot %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="95"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt;</source>
        <translation>&lt;b&gt;La conexión falló.&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="114"/>
        <source>No model endpoint set: drafts come from the offline drafter (simulated).</source>
        <translation>No hay endpoint del modelo: los borradores los escribe el redactor sin conexión (simulado).</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="120"/>
        <source>Enter a valid model endpoint and model name first.</source>
        <translation>Primero introduzca un endpoint y un nombre de modelo válidos.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="135"/>
        <source>Asking %1 at %2…</source>
        <translation>Preguntando a %1 en %2…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="155"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; %1 answered in %2 ms</source>
        <translation>&lt;b&gt;Conectado.&lt;/b&gt; %1 respondió en %2 ms</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="158"/>
        <source> (with no text; finish reason %1)</source>
        <translation> (sin texto; motivo de finalización %1)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="159"/>
        <source>: “%1”</source>
        <translation>: «%1»</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="168"/>
        <source>The API key was refused.</source>
        <translation>Se rechazó la clave de API.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="171"/>
        <source>Check the endpoint (it usually ends in /v1) and the model name.</source>
        <translation>Compruebe el endpoint (suele terminar en /v1) y el nombre del modelo.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="176"/>
        <source>The server could not be reached.</source>
        <translation>No se pudo contactar con el servidor.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="181"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt; </source>
        <translation>&lt;b&gt;La conexión falló.&lt;/b&gt; </translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="184"/>
        <source>API key: %1</source>
        <translation>Clave de API: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="262"/>
        <source>Some settings need attention.</source>
        <translation>Algunos ajustes requieren atención.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="283"/>
        <source>The settings file could not be written: %1</source>
        <translation>No se pudo escribir el archivo de configuración: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="343"/>
        <source>The settings were saved, but a secret was not: %1</source>
        <translation>La configuración se guardó, pero un secreto no: %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::ShortcutsDialog</name>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="31"/>
        <location filename="../src/app/ShortcutsDialog.cpp" line="39"/>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="34"/>
        <source>Filter shortcuts</source>
        <translation>Filtrar atajos</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="35"/>
        <source>Filter…</source>
        <translation>Filtrar…</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Shortcut</source>
        <translation>Atajo</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
</context>
<context>
    <name>cx::gui::ThreadMessageModel</name>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="52"/>
        <source>attachment %1</source>
        <translation>adjunto %1</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="53"/>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="55"/>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="57"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="83"/>
        <source>customer</source>
        <translation>cliente</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="86"/>
        <source>reply</source>
        <translation>respuesta</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="89"/>
        <source>private note</source>
        <translation>nota privada</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="92"/>
        <source>CX Pilot draft, private note</source>
        <translation>Borrador de CX Pilot, nota privada</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="95"/>
        <source>activity</source>
        <translation>actividad</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="98"/>
        <source>%1, %2, %3: %4</source>
        <translation>%1, %2, %3: %4</translation>
    </message>
</context>
<context>
    <name>cx::gui::WelcomeDialog</name>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="17"/>
        <location filename="../src/app/WelcomeDialog.cpp" line="19"/>
        <source>Welcome to CX Pilot</source>
        <translation>Bienvenido a CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="26"/>
        <source>CX Pilot drafts replies to your customers from your knowledge base. A person reads, edits and grades every draft, and only an approved reply is sent. Connect it to your Chatwoot account, or look around first in a demo with a simulated Chatwoot and sample customers: nothing leaves this computer.</source>
        <translation>CX Pilot redacta respuestas a sus clientes a partir de su base de conocimiento. Una persona lee, edita y califica cada borrador, y solo se envía una respuesta aprobada. Conéctelo a su cuenta de Chatwoot o explore primero una demo con un Chatwoot simulado y clientes de ejemplo: nada sale de este equipo.</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Connect to Chatwoot</source>
        <translation>Conectar con Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Enter your Chatwoot address, account ID and API access token.</source>
        <translation>Introduzca la dirección de Chatwoot, el ID de cuenta y el token de acceso a la API.</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>Try the demo</source>
        <translation>Probar la demo</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>A simulated Chatwoot with sample conversations and customers.</source>
        <translation>Un Chatwoot simulado con conversaciones y clientes de ejemplo.</translation>
    </message>
</context>
<context>
    <name>cx::ingest</name>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="19"/>
        <source>--write-config: cannot write %1: %2</source>
        <translation>--write-config: no se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobQueue</name>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="94"/>
        <source>adding a job</source>
        <translation>añadiendo una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="100"/>
        <source>reading a job&apos;s id</source>
        <translation>leyendo el ID de una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="122"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="238"/>
        <source>re-queueing a job</source>
        <translation>volviendo a poner en cola una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="147"/>
        <source>claiming a job</source>
        <translation>reclamando una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="162"/>
        <source>renewing a lease</source>
        <translation>renovando una reserva</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="164"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="181"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="205"/>
        <source>job %1 is no longer leased to %2</source>
        <translation>la tarea %1 ya no está reservada para %2</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="179"/>
        <source>completing a job</source>
        <translation>completando una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="203"/>
        <source>recording a failed job</source>
        <translation>registrando una tarea fallida</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="220"/>
        <source>releasing a job</source>
        <translation>liberando una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="231"/>
        <source>job %1 is %2; only parked or queued jobs can be retried</source>
        <translation>la tarea %1 está %2; solo se pueden reintentar tareas aparcadas o en cola</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="240"/>
        <source>job %1 changed meanwhile; try again</source>
        <translation>la tarea %1 cambió mientras tanto; inténtelo de nuevo</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="250"/>
        <source>reading a job</source>
        <translation>leyendo una tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="252"/>
        <source>no job with id %1</source>
        <translation>no hay ninguna tarea con el ID %1</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="260"/>
        <source>counting jobs</source>
        <translation>contando tareas</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="284"/>
        <source>listing parked jobs</source>
        <translation>listando las tareas aparcadas</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="299"/>
        <source>reading the queue&apos;s lag</source>
        <translation>leyendo el retraso de la cola</translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobRunner</name>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="117"/>
        <source>Its lease expired %n time(s) (the worker died each time).</source>
        <translation>
            <numerusform>Su reserva caducó %n vez (el proceso de trabajo murió cada vez).</numerusform>
            <numerusform>Su reserva caducó %n veces (el proceso de trabajo murió cada vez).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="144"/>
        <source>%n waiting draft(s) superseded: %1</source>
        <translation>
            <numerusform>%n borrador pendiente sustituido: %1</numerusform>
            <numerusform>%n borradores pendientes sustituidos: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="160"/>
        <location filename="../src/core/ingest/JobRunner.cpp" line="215"/>
        <source>Could not read the conversation: %1</source>
        <translation>No se pudo leer la conversación: %1</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="176"/>
        <source>The earlier attempt&apos;s note was found and recorded.</source>
        <translation>Se encontró y registró la nota del intento anterior.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="205"/>
        <source>noted</source>
        <translation>nota publicada</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="218"/>
        <source>no unanswered customer message</source>
        <translation>ningún mensaje del cliente sin responder</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="244"/>
        <source>message %1 queued for a draft</source>
        <translation>mensaje %1 en cola para un borrador</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="245"/>
        <source>message %1 already has a live draft</source>
        <translation>el mensaje %1 ya tiene un borrador activo</translation>
    </message>
</context>
<context>
    <name>cx::ingest::ServiceConfigFile</name>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="31"/>
        <source>it is not a regular file</source>
        <translation>no es un archivo normal</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="33"/>
        <source>permission denied</source>
        <translation>permiso denegado</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="38"/>
        <source>the folder %1 does not exist</source>
        <translation>la carpeta %1 no existe</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="40"/>
        <source>the folder %1 is not writable</source>
        <translation>la carpeta %1 no admite escritura</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="52"/>
        <source>%1: the value cannot be written to an environment file (quote or newline)</source>
        <translation>%1: el valor no se puede escribir en un archivo de entorno (comillas o salto de línea)</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="98"/>
        <source>cannot make it readable by its owner only</source>
        <translation>no se puede hacer legible solo para su propietario</translation>
    </message>
</context>
<context>
    <name>cx::ingest::ServiceRetention</name>
    <message>
        <location filename="../src/core/ingest/ServiceRetention.cpp" line="61"/>
        <source>pruning webhook deliveries</source>
        <translation>depuración de entregas de webhook</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceRetention.cpp" line="69"/>
        <source>pruning finished jobs</source>
        <translation>depuración de trabajos terminados</translation>
    </message>
</context>
<context>
    <name>cx::ingest::WebhookIntake</name>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="129"/>
        <source>delivery for account %1, this service serves account %2</source>
        <translation>entrega para la cuenta %1; este servicio atiende la cuenta %2</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="150"/>
        <source>recording the delivery</source>
        <translation>registrando la entrega</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="166"/>
        <source>linking the delivery to its job</source>
        <translation>vinculando la entrega con su tarea</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="181"/>
        <source>The delivery could not be recorded (database unavailable); nothing was stored.</source>
        <translation>No se pudo registrar la entrega (base de datos no disponible); no se guardó nada.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="189"/>
        <source>Delivery %1 was already received; not processed again.</source>
        <translation>La entrega %1 ya se recibió; no se procesa de nuevo.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="193"/>
        <source>accepted: %1 job %2</source>
        <translation>aceptada: tarea %1 %2</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="196"/>
        <source>accepted, nothing to do: %1</source>
        <translation>aceptada, nada que hacer: %1</translation>
    </message>
</context>
<context>
    <name>cx::knowledge</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="63"/>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::DocumentLoader</name>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="131"/>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="260"/>
        <source>%1: binary file, skipped</source>
        <translation>%1: archivo binario, omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="144"/>
        <source>%1: no text in the HTML, skipped</source>
        <translation>%1: sin texto en el HTML, omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="160"/>
        <source>%1: empty document, skipped</source>
        <translation>%1: documento vacío, omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="182"/>
        <source>%1 line %2: not a JSON object (%3), skipped</source>
        <translation>%1 línea %2: no es un objeto JSON (%3), omitida</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="195"/>
        <source>%1 line %2: needs &quot;id&quot; and &quot;text&quot;, skipped</source>
        <translation>%1 línea %2: necesita «id» y «text», omitida</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="220"/>
        <source>%1: no such file or folder</source>
        <translation>%1: no existe ese archivo o carpeta</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="235"/>
        <source>%1: reading cancelled</source>
        <translation>%1: lectura cancelada</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="239"/>
        <source>%1: unsupported file type, skipped</source>
        <translation>%1: tipo de archivo no compatible, omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="244"/>
        <source>%1: %2 is over the limit of %3 per file (--max-file-mb), skipped</source>
        <translation>%1: %2 supera el límite de %3 por archivo (--max-file-mb), omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="251"/>
        <source>%1: cannot read (%2), skipped</source>
        <translation>%1: no se puede leer (%2), omitido</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeBase</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="53"/>
        <source>Ingest cancelled; the knowledge base is unchanged.</source>
        <translation>Importación cancelada; la base de conocimiento no ha cambiado.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="148"/>
        <source>The stored embeddings were unreadable and will be computed again.</source>
        <translation>Los embeddings guardados no se podían leer y se calcularán de nuevo.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="207"/>
        <source>%1: nothing ingested: %2</source>
        <translation>%1: no se importó nada: %2</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="256"/>
        <source>the knowledge base is not open</source>
        <translation>la base de conocimiento no está abierta</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="264"/>
        <source>cannot copy the knowledge index to %1</source>
        <translation>no se puede copiar el índice de conocimiento en %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="274"/>
        <source>the knowledge index changed while it was copied; try again (%1)</source>
        <translation>el índice de conocimiento cambió mientras se copiaba; inténtelo de nuevo (%1)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="299"/>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="304"/>
        <source>cannot replace the knowledge index in %1</source>
        <translation>no se puede reemplazar el índice de conocimiento en %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="319"/>
        <source>%1: not a local path any more, ingest it again by hand</source>
        <translation>%1: ya no es una ruta local; impórtelo de nuevo a mano</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="460"/>
        <source>Semantic retrieval unavailable (%1): lexical results only.</source>
        <translation>Búsqueda semántica no disponible (%1): solo resultados léxicos.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="500"/>
        <source>the embedding service returned no vector</source>
        <translation>el servicio de embeddings no devolvió ningún vector</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="515"/>
        <source>no embedding provider is configured; search stays lexical</source>
        <translation>no hay proveedor de embeddings configurado; la búsqueda sigue siendo léxica</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="567"/>
        <source>the embedding service returned %1 vectors for %2 texts</source>
        <translation>el servicio de embeddings devolvió %1 vectores para %2 textos</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="573"/>
        <source>embedding stopped after %n chunk(s) (%1); search stays lexical for the rest</source>
        <translation>
            <numerusform>los embeddings se detuvieron tras %n fragmento (%1); la búsqueda sigue siendo léxica para el resto</numerusform>
            <numerusform>los embeddings se detuvieron tras %n fragmentos (%1); la búsqueda sigue siendo léxica para el resto</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="484"/>
        <source>cannot create the index folder %1</source>
        <translation>no se puede crear la carpeta del índice %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="500"/>
        <source>The knowledge index was unreadable (%1) and has been recreated empty; sources need to be ingested again.</source>
        <translation>El índice de conocimiento no se podía leer (%1) y se volvió a crear vacío; hay que importar de nuevo las fuentes.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="528"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="652"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="668"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="706"/>
        <source>the knowledge index is not open</source>
        <translation>el índice de conocimiento no está abierto</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="543"/>
        <source>%1: duplicate document id, the last one wins</source>
        <translation>%1: ID de documento duplicado, gana el último</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="555"/>
        <source>%1: no text to index, skipped</source>
        <translation>%1: sin texto que indexar, omitido</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="585"/>
        <source>ingesting %1 failed</source>
        <translation>falló la importación de %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="659"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="679"/>
        <source>reading the knowledge index failed</source>
        <translation>falló la lectura del índice de conocimiento</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="716"/>
        <source>the knowledge index keeps changing; try again</source>
        <translation>el índice de conocimiento no deja de cambiar; inténtelo de nuevo</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="721"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="725"/>
        <source>search failed</source>
        <translation>la búsqueda falló</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex::Impl</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="425"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="437"/>
        <source>cannot open the knowledge index</source>
        <translation>no se puede abrir el índice de conocimiento</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="750"/>
        <source>empty query: there is no text to search for</source>
        <translation>consulta vacía: no hay texto que buscar</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="771"/>
        <source>empty query: the message has no searchable words</source>
        <translation>consulta vacía: el mensaje no tiene palabras que buscar</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::RetrievalEval</name>
    <message>
        <location filename="../src/core/knowledge/RetrievalEval.cpp" line="23"/>
        <source>cannot read %1 (%2)</source>
        <translation>no se puede leer %1 (%2)</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::VectorStore</name>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="34"/>
        <source>empty embedding for %1</source>
        <translation>embedding vacío para %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="39"/>
        <source>embedding of dimension %1, expected %2</source>
        <translation>embedding de dimensión %1; se esperaba %2</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="110"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="122"/>
        <source>cannot write %1 (%2)</source>
        <translation>no se puede escribir %1 (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="133"/>
        <source>cannot read %1 (%2)</source>
        <translation>no se puede leer %1 (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="140"/>
        <source>%1 is not a vector file</source>
        <translation>%1 no es un archivo de vectores</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="143"/>
        <source>%1: unsupported or corrupt header</source>
        <translation>%1: cabecera no compatible o dañada</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="148"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="160"/>
        <source>%1 is truncated</source>
        <translation>%1 está truncado</translation>
    </message>
</context>
<context>
    <name>cx::learning</name>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="91"/>
        <source>A reply appears twice in the calibration session.</source>
        <translation>Una respuesta aparece dos veces en la sesión de calibración.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="96"/>
        <source>A calibration session needs %1 to %2 sent replies (got %3).</source>
        <translation>Una sesión de calibración necesita de %1 a %2 respuestas enviadas (se recibieron %3).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="173"/>
        <source>%1 (no interval)</source>
        <translation>%1 (sin intervalo)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/DriftMonitor.cpp" line="59"/>
        <source>reading grades for the drift check</source>
        <translation>leyendo las calificaciones para la comprobación de deriva</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="29"/>
        <source>&quot;%1&quot; is not an experiment name (1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;)</source>
        <translation>«%1» no es un nombre de experimento (1-64 letras, dígitos, &apos;_&apos;, &apos;.&apos; o &apos;-&apos;)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="40"/>
        <source>--variants: &quot;%1&quot; names fewer than two variants (give PROMPT[@MODEL],PROMPT[@MODEL])</source>
        <translation>--variants: «%1» indica menos de dos variantes (indique PROMPT[@MODEL],PROMPT[@MODEL])</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="45"/>
        <source>--variants: at most 26 variants</source>
        <translation>--variants: como máximo 26 variantes</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="56"/>
        <source>--variants: variant %1 is empty</source>
        <translation>--variants: la variante %1 está vacía</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="60"/>
        <source>--variants: &quot;%1&quot; is not a known prompt version (known: %2)</source>
        <translation>--variants: «%1» no es una versión de prompt conocida (conocidas: %2)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="64"/>
        <source>--variants: &quot;%1&quot; is not a model name</source>
        <translation>--variants: «%1» no es un nombre de modelo</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="67"/>
        <source>--variants: &quot;%1&quot; is given twice</source>
        <translation>--variants: «%1» aparece dos veces</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="85"/>
        <source>--split: &quot;%1&quot; has %2 shares for %3 variants</source>
        <translation>--split: «%1» tiene %2 partes para %3 variantes</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="96"/>
        <source>--split: &quot;%1&quot; is not a share from 1 to 100</source>
        <translation>--split: «%1» no es una parte de 1 a 100</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="102"/>
        <source>--split: the shares add up to %1, not 100</source>
        <translation>--split: las partes suman %1, no 100</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="71"/>
        <source>approval without major edits</source>
        <translation>aprobación sin cambios importantes</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="73"/>
        <source>mean edit ratio</source>
        <translation>proporción de edición media</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="75"/>
        <source>tone grade</source>
        <translation>calificación de tono</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="77"/>
        <source>accuracy grade</source>
        <translation>calificación de precisión</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="79"/>
        <source>policy grade</source>
        <translation>calificación de políticas</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="81"/>
        <source>approval time</source>
        <translation>tiempo de aprobación</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="83"/>
        <source>rejection rate</source>
        <translation>tasa de rechazo</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="108"/>
        <source>%1%2 pt</source>
        <translation>%1%2 p. p.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="110"/>
        <source>%1%2 s</source>
        <translation>%1%2 s</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="159"/>
        <source>%1 better on %2 with interval %3</source>
        <translation>%1 mejor en %2 con intervalo %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="160"/>
        <source>%1 worse on %2 with interval %3</source>
        <translation>%1 peor en %2 con intervalo %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="165"/>
        <source>no detectable difference between %1 and A in %2 (interval %3)</source>
        <translation>ninguna diferencia detectable entre %1 y A en %2 (intervalo %3)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="175"/>
        <source>not enough data yet: graded drafts %1 (at least %2 per variant before anything is decided)</source>
        <translation>aún no hay suficientes datos: borradores calificados %1 (al menos %2 por variante antes de decidir nada)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="139"/>
        <source>Experiment %1</source>
        <translation>Experimento %1</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="140"/>
        <source>%1 since %2, started by %3</source>
        <translation>%1 desde %2, iniciado por %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="141"/>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="141"/>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Prompt version</source>
        <translation>Versión del prompt</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Share</source>
        <translation>Parte</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="148"/>
        <source>Graded</source>
        <translation>Calificados</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="161"/>
        <source>%1 against %2</source>
        <translation>%1 frente a %2</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>Metric</source>
        <translation>Métrica</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>Difference</source>
        <translation>Diferencia</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>95 % interval (fixed n)</source>
        <translation>Intervalo del 95 % (n fijo)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="163"/>
        <source>Always-valid interval</source>
        <translation>Intervalo siempre válido</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="163"/>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>better</source>
        <translation>mejor</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>worse</source>
        <translation>peor</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>undecided</source>
        <translation>sin decidir</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="178"/>
        <source>Decision rule: a mixture sequential probability ratio test (normal mixture) with always-valid intervals, valid however often the status is looked at. Primary metric: approval without major edits; the other metrics are Bonferroni-adjusted.</source>
        <translation>Regla de decisión: una prueba secuencial de razón de probabilidades de mezcla (mSPRT, mezcla normal) con intervalos siempre válidos, válidos sin importar cuántas veces se consulte el estado. Métrica principal: aprobación sin cambios importantes; las demás métricas tienen corrección de Bonferroni.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="156"/>
        <source>Drafts like this were sent with minor or no edits %1 % of the time (n = %2).</source>
        <translation>Los borradores como este se enviaron con cambios menores o sin cambios el %1 % de las veces (n = %2).</translation>
    </message>
</context>
<context>
    <name>cx::learning::CalibrationStore</name>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="63"/>
        <source>reading sent replies for calibration</source>
        <translation>leyendo las respuestas enviadas para la calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="80"/>
        <source>A calibration session needs a name of 1 to 200 characters.</source>
        <translation>Una sesión de calibración necesita un nombre de 1 a 200 caracteres.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="89"/>
        <source>Unknown sampling &quot;%1&quot; (expected picked or stratified).</source>
        <translation>Muestreo desconocido «%1» (se esperaba picked o stratified).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="108"/>
        <source>&quot;%1&quot; is not a reply id.</source>
        <translation>«%1» no es un ID de respuesta.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="113"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="240"/>
        <source>checking a calibration item</source>
        <translation>comprobando un elemento de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="118"/>
        <source>&quot;%1&quot; is not a sent reply, so it cannot be calibrated.</source>
        <translation>«%1» no es una respuesta enviada, así que no se puede calibrar.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="129"/>
        <source>creating the calibration session</source>
        <translation>creando la sesión de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="138"/>
        <source>adding a calibration item</source>
        <translation>añadiendo un elemento de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="157"/>
        <source>reading calibration sessions</source>
        <translation>leyendo las sesiones de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="180"/>
        <source>No calibration session &quot;%1&quot;.</source>
        <translation>No existe la sesión de calibración «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="191"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="287"/>
        <source>reading calibration items</source>
        <translation>leyendo los elementos de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="207"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="225"/>
        <source>reading calibration progress</source>
        <translation>leyendo el progreso de la calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="244"/>
        <source>Item %1 is not in this calibration session.</source>
        <translation>El elemento %1 no está en esta sesión de calibración.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="255"/>
        <source>saving the calibration grade</source>
        <translation>guardando la calificación de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="259"/>
        <source>Item %1 is already graded by %2.</source>
        <translation>El elemento %1 ya está calificado por %2.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="312"/>
        <source>Only %1, who started this calibration session, can close it.</source>
        <translation>Solo %1, que inició esta sesión de calibración, puede cerrarla.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="317"/>
        <source>The calibration session is already closed.</source>
        <translation>La sesión de calibración ya está cerrada.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="323"/>
        <source>closing the calibration session</source>
        <translation>cerrando la sesión de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="329"/>
        <source>The calibration session could not be closed by %1.</source>
        <translation>%1 no pudo cerrar la sesión de calibración.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="342"/>
        <source>The calibration session is still open: grades stay hidden until the lead closes it.</source>
        <translation>La sesión de calibración sigue abierta: las calificaciones permanecen ocultas hasta que el responsable la cierre.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="348"/>
        <source>reading calibration grades</source>
        <translation>leyendo las calificaciones de calibración</translation>
    </message>
</context>
<context>
    <name>cx::learning::ExperimentStore</name>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="95"/>
        <source>An experiment needs at least two variants.</source>
        <translation>Un experimento necesita al menos dos variantes.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="101"/>
        <source>Experiment &quot;%1&quot; is still running; stop it first (one experiment at a time).</source>
        <translation>El experimento «%1» sigue en curso; deténgalo primero (un experimento a la vez).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="105"/>
        <source>An experiment named &quot;%1&quot; already exists.</source>
        <translation>Ya existe un experimento llamado «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="121"/>
        <source>starting the experiment</source>
        <translation>iniciando el experimento</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="131"/>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="144"/>
        <source>Experiment &quot;%1&quot; is already stopped.</source>
        <translation>El experimento «%1» ya está detenido.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="142"/>
        <source>stopping the experiment</source>
        <translation>deteniendo el experimento</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="155"/>
        <source>reading the experiment</source>
        <translation>leyendo el experimento</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="157"/>
        <source>There is no experiment named &quot;%1&quot;.</source>
        <translation>No existe ningún experimento llamado «%1».</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="167"/>
        <source>reading the running experiment</source>
        <translation>leyendo el experimento en curso</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="178"/>
        <source>reading the experiments</source>
        <translation>leyendo los experimentos</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="207"/>
        <source>recording the draft&apos;s experiment variant</source>
        <translation>registrando la variante de experimento del borrador</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="220"/>
        <source>reading the experiment&apos;s outcomes</source>
        <translation>leyendo los resultados del experimento</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="237"/>
        <source>reading the experiment&apos;s drafts</source>
        <translation>leyendo los borradores del experimento</translation>
    </message>
</context>
<context>
    <name>cx::learning::IsotonicCalibrationStore</name>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="173"/>
        <source>reading the calibration data</source>
        <translation>leyendo los datos de calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="187"/>
        <source>No reviewed drafts with a confidence yet: nothing to calibrate.</source>
        <translation>Aún no hay borradores revisados con confianza: nada que calibrar.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="199"/>
        <source>saving the calibration</source>
        <translation>guardando la calibración</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="208"/>
        <source>reading the calibration</source>
        <translation>leyendo la calibración</translation>
    </message>
</context>
<context>
    <name>cx::llm</name>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="122"/>
        <source>A chat request needs at least one message.</source>
        <translation>Una solicitud de chat necesita al menos un mensaje.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="127"/>
        <source>The schema name must be 1-64 of A-Z a-z 0-9 _ -.</source>
        <translation>El nombre del esquema debe tener de 1 a 64 caracteres de A-Z a-z 0-9 _ -.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="148"/>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="276"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="203"/>
        <source>The model server sent a stream event that is not JSON.</source>
        <translation>El servidor del modelo envió un evento de stream que no es JSON.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="291"/>
        <source>The model server ended the stream early.</source>
        <translation>El servidor del modelo terminó el stream antes de tiempo.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="304"/>
        <source>The model server&apos;s answer could not be read: %1</source>
        <translation>No se pudo leer la respuesta del servidor del modelo: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="29"/>
        <source>The model endpoint URL is not set or not valid.</source>
        <translation>La URL del endpoint del modelo no está definida o no es válida.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="32"/>
        <source>The model endpoint URL must start with http:// or https://.</source>
        <translation>La URL del endpoint del modelo debe empezar por http:// o https://.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="35"/>
        <source>The model name is empty.</source>
        <translation>El nombre del modelo está vacío.</translation>
    </message>
</context>
<context>
    <name>cx::llm::ApiErrorParser</name>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="82"/>
        <source>The model server answered HTTP %1 without an error message.</source>
        <translation>El servidor del modelo respondió HTTP %1 sin mensaje de error.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="84"/>
        <source>The model provider reports that the account&apos;s quota is used up (insufficient_quota). Check the plan and billing; this is not retried. Server said: %1</source>
        <translation>El proveedor del modelo indica que la cuota de la cuenta se ha agotado (insufficient_quota). Revise el plan y la facturación; no se reintenta. El servidor dijo: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="108"/>
        <source>The model server answered HTTP %1 with a body that is not an error object: %2</source>
        <translation>El servidor del modelo respondió HTTP %1 con un cuerpo que no es un objeto de error: %2</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="110"/>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="120"/>
        <source>The model server did not answer in time.</source>
        <translation>El servidor del modelo no respondió a tiempo.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="123"/>
        <source>TLS handshake with the model server failed: %1</source>
        <translation>Falló el protocolo TLS con el servidor del modelo: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="126"/>
        <source>The request to the model server was cancelled.</source>
        <translation>Se canceló la solicitud al servidor del modelo.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="129"/>
        <source>Could not reach the model server: %1</source>
        <translation>No se pudo contactar con el servidor del modelo: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="141"/>
        <source>The model server failed while streaming: %1</source>
        <translation>El servidor del modelo falló durante el streaming: %1</translation>
    </message>
</context>
<context>
    <name>cx::llm::EmbeddingJob</name>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="42"/>
        <source>The embedding model name is empty.</source>
        <translation>El nombre del modelo de embeddings está vacío.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="45"/>
        <source>Input %1 to embed is empty; the API rejects empty inputs.</source>
        <translation>La entrada %1 que se va a convertir en embedding está vacía; la API rechaza entradas vacías.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="74"/>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="107"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="132"/>
        <source>expected %1 vectors, got %2</source>
        <translation>se esperaban %1 vectores; se recibieron %2</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="140"/>
        <source>bad or repeated index %1 or an empty vector</source>
        <translation>índice %1 incorrecto o repetido, o un vector vacío</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="153"/>
        <source>The embeddings answer could not be used: %1</source>
        <translation>No se pudo usar la respuesta de embeddings: %1</translation>
    </message>
</context>
<context>
    <name>cx::metrics</name>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="23"/>
        <source>source: %1</source>
        <translation>fuente: %1</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="28"/>
        <source>p90 %1 · mean %2</source>
        <translation>p90 %1 · media %2</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="55"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="57"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="58"/>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="71"/>
        <source>reviewed drafts: %1</source>
        <translation>borradores revisados: %1</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="77"/>
        <source>Customer replies</source>
        <translation>Respuestas a clientes</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="79"/>
        <source>%1 AI-drafted · %2 manual · %3 unanswered · %4</source>
        <translation>%1 redactadas por la IA · %2 manuales · %3 sin respuesta · %4</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="87"/>
        <source>Drafted by AI</source>
        <translation>Redactadas por IA</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="89"/>
        <source>%1 of %2 replies · %3</source>
        <translation>%1 de %2 respuestas · %3</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="93"/>
        <source>Overall grade</source>
        <translation>Calificación global</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="95"/>
        <source>T %1 · A %2 · P %3</source>
        <translation>T %1 · P %2 · Pol %3</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="101"/>
        <source>Average tone</source>
        <translation>Tono medio</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="107"/>
        <source>Average accuracy</source>
        <translation>Precisión media</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="113"/>
        <source>Average policy</source>
        <translation>Cumplimiento de políticas medio</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="119"/>
        <source>SLA compliance</source>
        <translation>Cumplimiento del SLA</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="121"/>
        <source>%1 · %2 of %3 within %4 min</source>
        <translation>%1 · %2 de %3 en %4 min</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="129"/>
        <source>First response (median)</source>
        <translation>Primera respuesta (mediana)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="135"/>
        <source>Approval time (median)</source>
        <translation>Tiempo de aprobación (mediana)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="141"/>
        <source>Approved w/o major edits</source>
        <translation>Aprobadas sin cambios importantes</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="143"/>
        <source>reviewed drafts: %1 of %2</source>
        <translation>borradores revisados: %1 de %2</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="147"/>
        <source>Average edit ratio</source>
        <translation>Proporción de edición media</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="149"/>
        <source>mean edit distance: %1 characters</source>
        <translation>distancia de edición media: %1 caracteres</translation>
    </message>
</context>
<context>
    <name>cx::pipeline::DraftPipeline</name>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="133"/>
        <source>Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false).</source>
        <translation>La redacción está desactivada (AI_CUSTOMER_DRAFT_ENABLED=false).</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="138"/>
        <source>Could not read the conversation: %1</source>
        <translation>No se pudo leer la conversación: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="146"/>
        <source>The message is not in the conversation.</source>
        <translation>El mensaje no está en la conversación.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="158"/>
        <source>An agent already replied after this message.</source>
        <translation>Un agente ya respondió después de este mensaje.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="161"/>
        <source>The customer wrote again; the newer message is drafted instead.</source>
        <translation>El cliente volvió a escribir; se redacta en su lugar el mensaje más reciente.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="233"/>
        <source>This message already has a draft (made here or by another process).</source>
        <translation>Este mensaje ya tiene un borrador (creado aquí o por otro proceso).</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="251"/>
        <source>The draft could not be generated: %1</source>
        <translation>No se pudo generar el borrador: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="317"/>
        <source>The new draft is the same as before; no second private note was posted.</source>
        <translation>El nuevo borrador es igual que el anterior; no se publicó una segunda nota privada.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="330"/>
        <source>The private note could not be posted: %1</source>
        <translation>No se pudo publicar la nota privada: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="340"/>
        <source>The private note may not have arrived (%1); it will be retried.</source>
        <translation>Puede que la nota privada no haya llegado (%1); se volverá a intentar.</translation>
    </message>
</context>
<context>
    <name>cx::reports</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="607"/>
        <source>the PDF report needs a QGuiApplication (the offscreen platform is enough)</source>
        <translation>el informe PDF necesita una QGuiApplication (basta con la plataforma offscreen)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="613"/>
        <source>cannot write %1: the folder %2 does not exist</source>
        <translation>no se puede escribir %1: la carpeta %2 no existe</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="616"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="631"/>
        <source>cannot write %1: %2</source>
        <translation>no se puede escribir %1: %2</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="623"/>
        <source>Support quality report</source>
        <translation>Informe de calidad del soporte</translation>
    </message>
</context>
<context>
    <name>cx::reports::Renderer</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="108"/>
        <source>could not start the PDF</source>
        <translation>no se pudo iniciar el PDF</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="139"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="258"/>
        <source>Support quality report</source>
        <translation>Informe de calidad del soporte</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="159"/>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="162"/>
        <source>Generated %1 UTC</source>
        <translation>Generado %1 UTC</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="178"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="181"/>
        <source>%1 – %2 (UTC)</source>
        <translation>%1 – %2 (UTC)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="189"/>
        <source>inbox %1</source>
        <translation>bandeja %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="189"/>
        <source>all inboxes</source>
        <translation>todas las bandejas</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="191"/>
        <source>reviewer %1</source>
        <translation>revisor %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="192"/>
        <source>SLA %1 min</source>
        <translation>SLA %1 min</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="273"/>
        <source>No reviewed replies in this range: there is nothing to measure yet.</source>
        <translation>No hay respuestas revisadas en este periodo: todavía no hay nada que medir.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="307"/>
        <source>North Star targets</source>
        <translation>Objetivos North Star</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Actual</source>
        <translation>Real</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Goal</source>
        <translation>Meta</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="347"/>
        <source>SLA compliance (badge)</source>
        <translation>Cumplimiento del SLA (indicador)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="348"/>
        <source>≥ %1 % green</source>
        <translation>≥ %1 % verde</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="354"/>
        <source>Top rejection reasons</source>
        <translation>Principales motivos de rechazo</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="359"/>
        <source>No rejected drafts with a reason in this range.</source>
        <translation>No hay borradores rechazados con motivo en este periodo.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="384"/>
        <source>Trends and distributions</source>
        <translation>Tendencias y distribuciones</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="386"/>
        <source>Tone</source>
        <translation>Tono</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="386"/>
        <source>Accuracy</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="387"/>
        <source>Policy</source>
        <translation>Políticas</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="387"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="400"/>
        <source>Average grades per day (1–5)</source>
        <translation>Calificaciones medias por día (1–5)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="401"/>
        <source>policy target %1</source>
        <translation>objetivo de políticas %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="407"/>
        <source>SLA compliance per day (first reply within %1 min)</source>
        <translation>Cumplimiento del SLA por día (primera respuesta en %1 min)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="409"/>
        <source>green %1 %</source>
        <translation>verde %1 %</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="410"/>
        <source>yellow %1 %</source>
        <translation>amarillo %1 %</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="417"/>
        <source>Replies</source>
        <translation>Respuestas</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="426"/>
        <source>Edit ratio (share of the draft changed)</source>
        <translation>Proporción de edición (parte del borrador cambiada)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="428"/>
        <source>Approvals</source>
        <translation>Aprobaciones</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="440"/>
        <source>Approval time (draft ready → approved)</source>
        <translation>Tiempo de aprobación (borrador listo → aprobado)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="471"/>
        <source>(not sent — rejected%1)</source>
        <translation>(no enviada: rechazada%1)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="515"/>
        <source>Worst-graded replies</source>
        <translation>Respuestas peor calificadas</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="520"/>
        <source>Lowest tone + accuracy + policy first. Left: the AI draft; right: what was sent.</source>
        <translation>Primero la suma más baja de tono, precisión y políticas. Izquierda: el borrador de la IA; derecha: lo que se envió.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="524"/>
        <source>No reviewed replies in this range.</source>
        <translation>No hay respuestas revisadas en este periodo.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="531"/>
        <source>Worst-graded replies (continued)</source>
        <translation>Respuestas peor calificadas (continuación)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="547"/>
        <source>%1 — tone %2 · accuracy %3 · policy %4</source>
        <translation>%1 — tono %2 · precisión %3 · política %4</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="549"/>
        <source>Conversation %1</source>
        <translation>Conversación %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="550"/>
        <source>%1 (conversation %2)</source>
        <translation>%1 (conversación %2)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="558"/>
        <source>approved</source>
        <translation>aprobada</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="558"/>
        <source>rejected</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="562"/>
        <source>%1 by %2 on %3 UTC%4</source>
        <translation>%1 por %2 el %3 UTC%4</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="567"/>
        <source> · reason: %1</source>
        <translation> · motivo: %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="574"/>
        <source>AI DRAFT</source>
        <translation>BORRADOR DE LA IA</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="574"/>
        <source>SENT REPLY</source>
        <translation>RESPUESTA ENVIADA</translation>
    </message>
</context>
<context>
    <name>cx::review</name>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="82"/>
        <location filename="../src/core/review/Grades.cpp" line="113"/>
        <source>%1 grade is missing: give a whole number from 1 to 5.</source>
        <translation>Falta la calificación de %1: indique un número entero del 1 al 5.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="158"/>
        <source>Tone</source>
        <translation>Tono</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="160"/>
        <source>Accuracy</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="162"/>
        <source>Policy</source>
        <translation>Políticas</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="171"/>
        <source>Friendly, professional, aligned with the brand voice</source>
        <translation>Amable, profesional, acorde con la voz de la marca</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="173"/>
        <source>Factually correct, addresses the customer&apos;s need</source>
        <translation>Correcta en los hechos, responde a la necesidad del cliente</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="175"/>
        <source>Follows company policies and guidelines</source>
        <translation>Cumple las políticas y directrices de la empresa</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="184"/>
        <source>Unacceptable: complete rewrite needed</source>
        <translation>Inaceptable: hay que reescribirla por completo</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="186"/>
        <source>Below standard: significant issues</source>
        <translation>Por debajo del estándar: problemas importantes</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="188"/>
        <source>Acceptable: needs work</source>
        <translation>Aceptable: necesita trabajo</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="190"/>
        <source>Good: minor improvements possible</source>
        <translation>Buena: se puede mejorar en detalles</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="192"/>
        <source>Excellent: a perfect example of quality</source>
        <translation>Excelente: un ejemplo perfecto de calidad</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="212"/>
        <source>A reviewer&apos;s name is required.</source>
        <translation>Se necesita el nombre de un revisor.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="217"/>
        <source>The reviewer&apos;s name is longer than %1 characters.</source>
        <translation>El nombre del revisor tiene más de %1 caracteres.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="223"/>
        <source>The reviewer&apos;s name contains a control character.</source>
        <translation>El nombre del revisor contiene un carácter de control.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="228"/>
        <source>The reviewer&apos;s name must contain a letter.</source>
        <translation>El nombre del revisor debe contener una letra.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="261"/>
        <source>&quot;%1&quot; is not a person&apos;s name: the reviewer must be named.</source>
        <translation>«%1» no es el nombre de una persona: el revisor debe tener nombre.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="270"/>
        <source>The reply is empty.</source>
        <translation>La respuesta está vacía.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="276"/>
        <source>The reply is longer than %1 characters, the most Chatwoot accepts.</source>
        <translation>La respuesta tiene más de %1 caracteres, el máximo que acepta Chatwoot.</translation>
    </message>
</context>
</TS>
