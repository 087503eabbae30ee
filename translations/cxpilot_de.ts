<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>About CX Pilot</source>
        <translation>Über CX Pilot</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>&lt;h2&gt;CX Pilot&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;CX Pilot&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>An AI drafts each reply from your knowledge base; a person edits, grades and approves it; only then is it sent to the customer.</source>
        <translation>Eine KI entwirft jede Antwort aus Ihrer Wissensdatenbank; ein Mensch bearbeitet, bewertet und gibt sie frei; erst dann wird sie an den Kunden gesendet.</translation>
    </message>
    <message>
        <location filename="../ui/AboutDialog.ui"/>
        <source>Free software under the GNU General Public License, version 3 or later. Built with Qt, QtKeychain and Xapian.</source>
        <translation>Freie Software unter der GNU General Public License, Version 3 oder neuer. Erstellt mit Qt, QtKeychain und Xapian.</translation>
    </message>
</context>
<context>
    <name>Chatwoot</name>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="76"/>
        <source>Chatwoot refused the API token or this account: %1</source>
        <translation>Chatwoot hat das API-Token oder dieses Konto abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="80"/>
        <source>Not found in Chatwoot: %1</source>
        <translation>In Chatwoot nicht gefunden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="84"/>
        <source>Chatwoot is rate limiting requests: %1</source>
        <translation>Chatwoot drosselt die Anfragen: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="87"/>
        <source>Chatwoot server error: %1</source>
        <translation>Chatwoot-Serverfehler: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="89"/>
        <source>Chatwoot rejected the request: %1</source>
        <translation>Chatwoot hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="130"/>
        <source>No network access manager.</source>
        <translation>Kein Network Access Manager.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="188"/>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="219"/>
        <source> (the message may or may not have been created; not retried)</source>
        <translation> (die Nachricht wurde möglicherweise angelegt; nicht wiederholt)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="199"/>
        <source>TLS failure talking to Chatwoot: %1</source>
        <translation>TLS-Fehler bei der Verbindung mit Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="206"/>
        <source>Chatwoot did not answer within %1 ms</source>
        <translation>Chatwoot hat nicht innerhalb von %1 ms geantwortet</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClient.cpp" line="212"/>
        <source>Network error talking to Chatwoot: %1</source>
        <translation>Netzwerkfehler bei der Verbindung mit Chatwoot: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootClientPaging.cpp" line="141"/>
        <source>the conversation list did not end within %1 pages (%2 of %3 conversations read): refusing to return a partial list</source>
        <translation>Die Konversationsliste endete nicht innerhalb von %1 Seiten (%2 von %3 Konversationen gelesen): Eine unvollständige Liste wird nicht zurückgegeben</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="148"/>
        <source>&quot;%1&quot; must be a whole number within 64 bits, got %2.</source>
        <translation>„%1“ muss eine ganze Zahl mit höchstens 64 Bit sein, erhalten: %2.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="185"/>
        <source>&quot;%1&quot; is not a time in Unix seconds.</source>
        <translation>„%1“ ist keine Zeitangabe in Unix-Sekunden.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="441"/>
        <source>The conversation list has no payload array.</source>
        <translation>Die Konversationsliste enthält kein Payload-Array.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="461"/>
        <source>The message list has no payload array.</source>
        <translation>Die Nachrichtenliste enthält kein Payload-Array.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="559"/>
        <source>Invalid JSON at offset %1: %2</source>
        <translation>Ungültiges JSON an Position %1: %2</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="564"/>
        <source>Expected a JSON object.</source>
        <translation>JSON-Objekt erwartet.</translation>
    </message>
</context>
<context>
    <name>Experiment</name>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="51"/>
        <source>The experiment report could not be written.</source>
        <translation>Der Experimentbericht konnte nicht geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="29"/>
        <source>Run on the built-in sandbox with a throw-away database.</source>
        <translation>Mit der eingebauten Sandbox und einer Wegwerf-Datenbank starten.</translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="31"/>
        <source>Quit after N milliseconds (smoke tests).</source>
        <translation>Nach N Millisekunden beenden (Smoke-Tests).</translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="33"/>
        <source>Database URL (sqlite:///path or postgresql://...).</source>
        <translation>Datenbank-URL (sqlite:///pfad oder postgresql://...).</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="110"/>
        <source>alive</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="113"/>
        <source>unexpected answer (expected {&quot;status&quot;:&quot;woot&quot;})</source>
        <translation>unerwartete Antwort (erwartet: {&quot;status&quot;:&quot;woot&quot;})</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="119"/>
        <source>not needed</source>
        <translation>nicht nötig</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="128"/>
        <source>fallback probe answered</source>
        <translation>Ersatzprüfung hat geantwortet</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="131"/>
        <source> (but /rails/health answered)</source>
        <translation> (aber /rails/health hat geantwortet)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="150"/>
        <source>version %1, Redis %2, Postgres %3</source>
        <translation>Version %1, Redis %2, Postgres %3</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="151"/>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="152"/>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="153"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="163"/>
        <source>no API token configured (CHATWOOT_API_KEY or the keychain)</source>
        <translation>kein API-Token konfiguriert (CHATWOOT_API_KEY oder Schlüsselbund)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="167"/>
        <source>no API token configured</source>
        <translation>kein API-Token konfiguriert</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="184"/>
        <source>token valid for %1</source>
        <translation>Token gültig für %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="185"/>
        <source>token valid, but its user is not a member of account %1</source>
        <translation>Token gültig, aber sein Benutzer ist kein Mitglied von Konto %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="196"/>
        <source>no account id configured (CHATWOOT_ACCOUNT_ID or --account)</source>
        <translation>keine Konto-ID konfiguriert (CHATWOOT_ACCOUNT_ID oder --account)</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootHealthCheck.cpp" line="209"/>
        <source>account &quot;%1&quot;</source>
        <translation>Konto „%1“</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="65"/>
        <source>Chatwoot at %1 (account %2), checked %3</source>
        <translation>Chatwoot unter %1 (Konto %2), geprüft %3</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="83"/>
        <source>Result: all probes up</source>
        <translation>Ergebnis: alle Prüfungen erfolgreich</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="84"/>
        <source>Result: something is DOWN</source>
        <translation>Ergebnis: etwas ist AUSGEFALLEN</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <location filename="../src/core/ingest/DraftClosing.cpp" line="66"/>
        <source>clearing an abandoned claim</source>
        <translation>verwaiste Reservierung wird aufgehoben</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="26"/>
        <source>0 (unedited)</source>
        <translation>0 (unbearbeitet)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="36"/>
        <source>≤ 1 min</source>
        <translation>≤ 1 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="37"/>
        <source>1–5 min</source>
        <translation>1–5 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="37"/>
        <source>5–15 min</source>
        <translation>5–15 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="38"/>
        <source>15–30 min</source>
        <translation>15–30 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="38"/>
        <source>30–60 min</source>
        <translation>30–60 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="39"/>
        <source>1–4 h</source>
        <translation>1–4 Std.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="39"/>
        <source>&gt; 4 h</source>
        <translation>&gt; 4 Std.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="58"/>
        <source>Replies drafted by AI</source>
        <translation>Von der KI entworfene Antworten</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="60"/>
        <source>Average tone</source>
        <translation>Durchschnittlicher Ton</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="62"/>
        <source>Average accuracy</source>
        <translation>Durchschnittliche Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="64"/>
        <source>Average policy</source>
        <translation>Durchschnittliche Richtlinientreue</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="66"/>
        <source>Median approval time (min)</source>
        <translation>Mittlere Freigabezeit (Min.)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="68"/>
        <source>Approved without major edits</source>
        <translation>Ohne größere Änderungen freigegeben</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="77"/>
        <source>met</source>
        <translation>erreicht</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="79"/>
        <source>not met</source>
        <translation>nicht erreicht</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="81"/>
        <source>not enough data</source>
        <translation>wenig Daten</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="90"/>
        <source>green</source>
        <translation>grün</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="92"/>
        <source>yellow</source>
        <translation>gelb</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="94"/>
        <source>red</source>
        <translation>rot</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="96"/>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <location filename="../src/core/pipeline/DrafterAdapter.cpp" line="135"/>
        <source>The drafter produced no reply.</source>
        <translation>Der Entwurfsgenerator hat keine Antwort erzeugt.</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="79"/>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="96"/>
        <source>no approved replies in this range</source>
        <translation>keine freigegebenen Antworten in diesem Zeitraum</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="81"/>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="98"/>
        <source>no customer message stored (%1 approved rows)</source>
        <translation>keine Kundennachricht gespeichert (%1 freigegebene Zeilen)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="83"/>
        <source>0 rows reach min grade %1 (%2 approved rows, %3 without a customer message)</source>
        <translation>0 Zeilen erreichen die Mindestnote %1 (%2 freigegebene Zeilen, %3 ohne Kundennachricht)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/FineTuneExport.cpp" line="100"/>
        <source>no approved reply differs from its draft</source>
        <translation>keine freigegebene Antwort weicht von ihrem Entwurf ab</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="137"/>
        <source>Only reply drafts can be approved and sent.</source>
        <translation>Nur Antwortentwürfe können freigegeben und gesendet werden.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="210"/>
        <source>The reply was sent. The database could not record it (%1); CX Pilot records it when the database is back.</source>
        <translation>Die Antwort wurde gesendet. Die Datenbank konnte das nicht speichern (%1); CX Pilot speichert es, sobald die Datenbank wieder erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="274"/>
        <source>A rejection needs a reason: it is what the drafter learns from.</source>
        <translation>Eine Ablehnung braucht eine Begründung: Daraus lernt der Entwurfsgenerator.</translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="355"/>
        <source>Draft %1 is %2: there is nothing to resume.</source>
        <translation>Entwurf %1 ist %2: Es gibt nichts fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="70"/>
        <source>writing the audit log</source>
        <translation>Audit-Protokoll wird geschrieben</translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="150"/>
        <location filename="../src/core/review/AuditLog.cpp" line="163"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="162"/>
        <source>saving the draft</source>
        <translation>Entwurf wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="172"/>
        <source>reading a draft</source>
        <translation>Entwurf wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="175"/>
        <source>No draft with id %1.</source>
        <translation>Kein Entwurf mit der ID %1.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="272"/>
        <source>updating the draft</source>
        <translation>Entwurf wird aktualisiert</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="283"/>
        <source>This draft was superseded: the customer wrote again and a newer draft replaces it.</source>
        <translation>Dieser Entwurf wurde ersetzt: Der Kunde hat erneut geschrieben, ein neuerer Entwurf tritt an seine Stelle.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="288"/>
        <source>This draft was already approved by %1 at %2.</source>
        <translation>Dieser Entwurf wurde bereits von %1 um %2 freigegeben.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="292"/>
        <source>This draft was already rejected by %1.</source>
        <translation>Dieser Entwurf wurde bereits von %1 abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="296"/>
        <source>This draft is %1, not ready for that step.</source>
        <translation>Dieser Entwurf ist %1 und nicht bereit für diesen Schritt.</translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="381"/>
        <source>recording a manual reply</source>
        <translation>Speichern einer manuellen Antwort</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="153"/>
        <source>saving the learning signal</source>
        <translation>Lernsignal wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="168"/>
        <source>row %1 (draft %2): %3</source>
        <translation>Zeile %1 (Entwurf %2): %3</translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="204"/>
        <source>queueing the learning signal</source>
        <translation>Lernsignal wird in die Warteschlange gestellt</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="60"/>
        <source>No approved reply is waiting to be sent for draft %1.</source>
        <translation>Für Entwurf %1 wartet keine freigegebene Antwort auf das Senden.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="79"/>
        <source>This reply is being sent right now; it will not be sent twice.</source>
        <translation>Diese Antwort wird gerade gesendet; sie wird nicht doppelt gesendet.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="89"/>
        <source>Chatwoot has not confirmed the reply yet. CX Pilot checks the conversation at %1 and sends it only if it is not there.</source>
        <translation>Chatwoot hat die Antwort noch nicht bestätigt. CX Pilot prüft die Konversation um %1 und sendet sie nur, wenn sie dort fehlt.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="108"/>
        <source>Could not check whether the reply already reached Chatwoot (%1). Nothing was sent now; CX Pilot tries again.</source>
        <translation>Es ließ sich nicht prüfen, ob die Antwort Chatwoot schon erreicht hat (%1). Jetzt wurde nichts gesendet; CX Pilot versucht es erneut.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="125"/>
        <source>Could not check whether the reply reached Chatwoot (%1). CX Pilot checks again at %2 before anything is sent.</source>
        <translation>Es ließ sich nicht prüfen, ob die Antwort Chatwoot erreicht hat (%1). CX Pilot prüft um %2 erneut, bevor etwas gesendet wird.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="148"/>
        <source>Could not check the conversation in Chatwoot before sending (%1). Nothing was sent yet; CX Pilot tries again.</source>
        <translation>Die Konversation in Chatwoot ließ sich vor dem Senden nicht prüfen (%1). Noch wurde nichts gesendet; CX Pilot versucht es erneut.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="213"/>
        <source>Chatwoot did not confirm the reply (%1). It may have reached the customer: CX Pilot checks the conversation at %2 and sends it only if it is not there.</source>
        <translation>Chatwoot hat die Antwort nicht bestätigt (%1). Sie hat den Kunden vielleicht erreicht: CX Pilot prüft die Konversation um %2 und sendet sie nur, wenn sie dort fehlt.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="232"/>
        <source>The conversation was resolved in Chatwoot.</source>
        <translation>Die Konversation wurde in Chatwoot gelöst.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="235"/>
        <source>The conversation is snoozed in Chatwoot.</source>
        <translation>Die Konversation ist in Chatwoot zurückgestellt.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="246"/>
        <source>The customer was already answered in Chatwoot at %1.</source>
        <translation>Der Kunde hat in Chatwoot bereits um %1 eine Antwort erhalten.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="249"/>
        <source>The customer was already answered in Chatwoot.</source>
        <translation>Der Kunde hat in Chatwoot bereits eine Antwort erhalten.</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="99"/>
        <location filename="../src/core/review/OutboxStore.cpp" line="112"/>
        <source>reading the outbox</source>
        <translation>Postausgang wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="132"/>
        <source>Draft %1 is %2: only an approved draft is sent.</source>
        <translation>Entwurf %1 ist %2: Nur ein freigegebener Entwurf wird gesendet.</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="161"/>
        <source>writing the outbox</source>
        <translation>Postausgang wird geschrieben</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="182"/>
        <source>claiming the outbox row</source>
        <translation>Zeile im Postausgang wird übernommen</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="185"/>
        <source>This reply is already being sent (or was sent) by another action.</source>
        <translation>Diese Antwort wird bereits durch eine andere Aktion gesendet (oder wurde gesendet).</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="212"/>
        <source>recording the sent reply</source>
        <translation>gesendete Antwort wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="239"/>
        <source>recording the unknown outcome</source>
        <translation>unbekannter Ausgang wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="254"/>
        <source>recording the send problem</source>
        <translation>Sendeproblem wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/review/Recovery.cpp" line="95"/>
        <source>The reply could not be sent.</source>
        <translation>Die Antwort konnte nicht gesendet werden.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Recovery.cpp" line="164"/>
        <source>Recovery is already running.</source>
        <translation>Die Wiederherstellung läuft bereits.</translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="118"/>
        <source>Seed conversation refers to an unknown inbox or contact: %1 / %2</source>
        <translation>Beispielkonversation verweist auf einen unbekannten Posteingang oder Kontakt: %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="169"/>
        <source>Cannot read seed file %1: %2</source>
        <translation>Beispieldatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="176"/>
        <source>Seed file %1 is not a JSON object: %2</source>
        <translation>Beispieldatei %1 ist kein JSON-Objekt: %2</translation>
    </message>
    <message>
        <location filename="../src/sandbox/SandboxInfo.cpp" line="9"/>
        <source>Sandbox: this is a simulated Chatwoot with scripted customers. Nothing is sent to real people.</source>
        <translation>Sandbox: ein simuliertes Chatwoot mit vorgegebenen Kunden. Nichts wird an echte Menschen gesendet.</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="35"/>
        <source>The environment variable %1 is not set.</source>
        <translation>Die Umgebungsvariable %1 ist nicht gesetzt.</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="45"/>
        <source>Secrets from the environment are read-only.</source>
        <translation>Geheimnisse aus der Umgebung sind schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="24"/>
        <source>No secret is stored under &quot;%1&quot;.</source>
        <translation>Unter „%1“ ist kein Geheimnis gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="29"/>
        <source>Access to the keychain was denied: %1</source>
        <translation>Der Zugriff auf den Schlüsselbund wurde verweigert: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="36"/>
        <source>Keychain error: %1</source>
        <translation>Schlüsselbund-Fehler: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="71"/>
        <source>The system keychain is not available. Start a Secret Service (GNOME Keyring or KWallet) and unlock it, or set the secret in the environment (e.g. CHATWOOT_API_KEY) for headless use.</source>
        <translation>Der System-Schlüsselbund ist nicht verfügbar. Starten Sie einen Secret Service (GNOME Keyring oder KWallet) und entsperren Sie ihn, oder setzen Sie das Geheimnis für den Betrieb ohne Oberfläche in der Umgebung (z. B. CHATWOOT_API_KEY).</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="40"/>
        <source>SQLite has no notifications; poll for new drafts instead</source>
        <translation>SQLite kennt keine Benachrichtigungen; fragen Sie stattdessen regelmäßig nach neuen Entwürfen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="59"/>
        <source>opening the listening connection</source>
        <translation>Verbindung zum Mithören wird geöffnet</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/DraftNotifications.cpp" line="64"/>
        <source>subscribing to draft notifications</source>
        <translation>Entwurfsbenachrichtigungen werden abonniert</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="65"/>
        <source>database URL %1: the folder %2 does not exist</source>
        <translation>Datenbank-URL %1: Der Ordner %2 existiert nicht</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="70"/>
        <source>cannot create the folder %1</source>
        <translation>Der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="76"/>
        <source>database URL %1: is a folder, not a file</source>
        <translation>Datenbank-URL %1: ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="84"/>
        <location filename="../src/core/storage/Database.cpp" line="117"/>
        <source>opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="180"/>
        <source>the database is not open</source>
        <translation>Die Datenbank ist nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="186"/>
        <location filename="../src/core/storage/Database.cpp" line="188"/>
        <source>starting a transaction</source>
        <translation>Transaktion wird gestartet</translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="196"/>
        <source>committing</source>
        <translation>Änderungen werden festgeschrieben</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="22"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation>Datenbank-URL: sqlite:// braucht einen Dateipfad</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="30"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation>Datenbank-URL: erwartet postgresql://benutzer:passwort@host:port/datenbank</translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="42"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation>Datenbank-URL: „%1“ muss mit sqlite:// oder postgresql:// beginnen</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="37"/>
        <source>the database refused the change of &quot;%1&quot;: %2</source>
        <translation>Die Datenbank hat die Änderung von „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="49"/>
        <source>the value of &quot;%1&quot; is out of range (%2)</source>
        <translation>Der Wert von „%1“ liegt außerhalb des zulässigen Bereichs (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="72"/>
        <source>the database cannot be reached: %1</source>
        <translation>Die Datenbank ist nicht erreichbar: %1</translation>
    </message>
</context>
<context>
    <name>cx</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="55"/>
        <source>%1: a URL is required</source>
        <translation>%1: Eine URL ist erforderlich</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="58"/>
        <source>%1: &quot;%2&quot; is not a URL; write it with its scheme, e.g. https://chat.example.com</source>
        <translation>%1: „%2“ ist keine URL; geben Sie sie mit Schema an, z. B. https://chat.example.com</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="62"/>
        <source>%1: the scheme must be http or https, not &quot;%2&quot;</source>
        <translation>%1: Das Schema muss http oder https sein, nicht „%2“</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="34"/>
        <source>%1 grade must be a whole number from 1 to 5 (got &quot;%2&quot;).</source>
        <translation>Die Bewertung %1 muss eine ganze Zahl von 1 bis 5 sein (erhalten: „%2“).</translation>
    </message>
</context>
<context>
    <name>cx::Settings</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="170"/>
        <source>The settings file could not be written: %1</source>
        <translation>Die Einstellungsdatei konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="196"/>
        <source>CHATWOOT_ACCOUNT_ID: &quot;%1&quot; is not a positive integer</source>
        <translation>CHATWOOT_ACCOUNT_ID: „%1“ ist keine positive ganze Zahl</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="218"/>
        <source>model name: must be 1 to 200 characters</source>
        <translation>Modellname: muss 1 bis 200 Zeichen lang sein</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="228"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation>Datenbank-URL: sqlite:// braucht einen Dateipfad</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="236"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation>Datenbank-URL: erwartet postgresql://benutzer:passwort@host:port/datenbank</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="241"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation>Datenbank-URL: „%1“ muss mit sqlite:// oder postgresql:// beginnen</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="250"/>
        <source>SLA minutes: &quot;%1&quot; must be a whole number of minutes greater than 0</source>
        <translation>SLA-Minuten: „%1“ muss eine ganze Zahl von Minuten größer als 0 sein</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="260"/>
        <source>AI_CUSTOMER_DRAFT_ENABLED: &quot;%1&quot; must be true or false</source>
        <translation>AI_CUSTOMER_DRAFT_ENABLED: „%1“ muss true oder false sein</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="271"/>
        <source>edit ratio threshold: &quot;%1&quot; must be a number from 0 to 1</source>
        <translation>Schwelle für den Bearbeitungsanteil: „%1“ muss eine Zahl von 0 bis 1 sein</translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="284"/>
        <source>reviewer name: at most 200 characters</source>
        <translation>Name des Prüfers: höchstens 200 Zeichen</translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookParser</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="46"/>
        <source>Webhook body too large: %1 bytes (limit %2).</source>
        <translation>Webhook-Inhalt zu groß: %1 Byte (Grenze %2).</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="51"/>
        <source>Webhook content type must be application/json, got &quot;%1&quot;.</source>
        <translation>Der Content-Type des Webhooks muss application/json sein, erhalten: „%1“.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="55"/>
        <source>Webhook body is empty.</source>
        <translation>Der Webhook-Inhalt ist leer.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="78"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation>Die Webhook-Nutzlast hat kein „event“.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="98"/>
        <source>Message event without a message id.</source>
        <translation>Nachrichtenereignis ohne Nachrichten-ID.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="101"/>
        <source>Message event without its conversation.</source>
        <translation>Nachrichtenereignis ohne zugehörige Konversation.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="122"/>
        <source>Conversation event without a conversation id.</source>
        <translation>Konversationsereignis ohne Konversations-ID.</translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookVerifier</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="100"/>
        <source>No webhook secret is configured; unsigned deliveries are refused.</source>
        <translation>Kein Webhook-Geheimnis konfiguriert; unsignierte Zustellungen werden abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="104"/>
        <source>Missing X-Chatwoot-Signature / X-Chatwoot-Timestamp.</source>
        <translation>X-Chatwoot-Signature / X-Chatwoot-Timestamp fehlen.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="106"/>
        <source>Incomplete signature headers.</source>
        <translation>Unvollständige Signatur-Header.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="110"/>
        <source>X-Chatwoot-Timestamp is not a Unix time.</source>
        <translation>X-Chatwoot-Timestamp ist keine Unix-Zeit.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="117"/>
        <source>Webhook timestamp is %1 s away from now (tolerance %2 s).</source>
        <translation>Der Zeitstempel des Webhooks weicht %1 s von jetzt ab (Toleranz %2 s).</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="122"/>
        <source>Webhook signature does not match.</source>
        <translation>Die Webhook-Signatur stimmt nicht.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="130"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation>Die Webhook-Nutzlast hat kein „event“.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="142"/>
        <source>Could not record the delivery: %1</source>
        <translation>Die Zustellung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="148"/>
        <source>Delivery %1 was already processed.</source>
        <translation>Zustellung %1 wurde bereits verarbeitet.</translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="154"/>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
</context>
<context>
    <name>cx::drafting::DraftNote</name>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="44"/>
        <source>CX Pilot draft (offline: extractive, no model)</source>
        <translation>Entwurf von CX Pilot (offline: extraktiv, kein Modell)</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="46"/>
        <source>CX Pilot draft</source>
        <translation>Entwurf von CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="49"/>
        <source>Conversation: %1</source>
        <translation>Konversation: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="51"/>
        <source>Instruction: %1</source>
        <translation>Anweisung: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="52"/>
        <source>Confidence: %1 %, risk: %2</source>
        <translation>Konfidenz: %1 %, Risiko: %2</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="62"/>
        <source>Sources:</source>
        <translation>Quellen:</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="70"/>
        <source>Sources: none</source>
        <translation>Quellen: keine</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="73"/>
        <source>Dropped unknown citations: %1</source>
        <translation>Unbekannte Quellenangaben entfernt: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="80"/>
        <source>Prompt %1, model %2</source>
        <translation>Prompt %1, Modell %2</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="81"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="83"/>
        <source>Review before sending: nothing reaches the customer without approval.</source>
        <translation>Vor dem Senden prüfen: Nichts erreicht den Kunden ohne Freigabe.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::DraftRewriter</name>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="61"/>
        <source>Needs a language model: the offline drafter can only shorten a draft by leaving sentences out. Configure a model in Settings to use this.</source>
        <translation>Erfordert ein Sprachmodell: Der Offline-Entwurfsgenerator kann einen Entwurf nur kürzen, indem er Sätze weglässt. Konfigurieren Sie dafür ein Modell in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="143"/>
        <source>There is no draft text to rewrite.</source>
        <translation>Es gibt keinen Entwurfstext zum Umschreiben.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="152"/>
        <source>The draft cannot be shortened further without a language model.</source>
        <translation>Ohne Sprachmodell lässt sich der Entwurf nicht weiter kürzen.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="160"/>
        <source>The model could not rewrite the draft: %1</source>
        <translation>Das Modell konnte den Entwurf nicht umschreiben: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="163"/>
        <source>The model declined: %1</source>
        <translation>Das Modell hat abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="168"/>
        <source>The model&apos;s rewrite was empty or cut off.</source>
        <translation>Die Umformulierung des Modells war leer oder abgeschnitten.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftRewriter.cpp" line="171"/>
        <source>The rewrite changed facts (%1), so the draft was kept as it was.</source>
        <translation>Die Umformulierung hat Fakten geändert (%1), daher bleibt der Entwurf unverändert.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::Drafter</name>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="48"/>
        <source>AI drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED). No draft was made.</source>
        <translation>KI-Entwürfe sind ausgeschaltet (AI_CUSTOMER_DRAFT_ENABLED). Es wurde kein Entwurf erstellt.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="55"/>
        <source>No customer message is waiting for an answer.</source>
        <translation>Keine Kundennachricht wartet auf eine Antwort.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="93"/>
        <source>No model is configured: offline draft.</source>
        <translation>Kein Modell konfiguriert: Offline-Entwurf.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="157"/>
        <source>The model could not be reached (%1): offline draft.</source>
        <translation>Das Modell war nicht erreichbar (%1): Offline-Entwurf.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="244"/>
        <source>The model declined to draft: %1</source>
        <translation>Das Modell hat den Entwurf abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="246"/>
        <source>The model&apos;s answer was cut off (token limit).</source>
        <translation>Die Antwort des Modells wurde abgeschnitten (Token-Grenze).</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="248"/>
        <source>The model&apos;s answer was withheld by its content filter.</source>
        <translation>Die Antwort des Modells wurde von seinem Inhaltsfilter zurückgehalten.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="266"/>
        <source>The model cited passages that were not retrieved: %1</source>
        <translation>Das Modell hat Textstellen zitiert, die nicht abgerufen wurden: %1</translation>
    </message>
</context>
<context>
    <name>cx::drafting::Language</name>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="31"/>
        <source>English</source>
        <translation>Englisch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="36"/>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="41"/>
        <source>Spanish</source>
        <translation>Spanisch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="45"/>
        <source>French</source>
        <translation>Französisch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="49"/>
        <source>Portuguese</source>
        <translation>Portugiesisch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="53"/>
        <source>Italian</source>
        <translation>Italienisch</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/LanguageGuess.cpp" line="57"/>
        <source>Dutch</source>
        <translation>Niederländisch</translation>
    </message>
</context>
<context>
    <name>cx::drafting::OfflineDrafter</name>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="41"/>
        <source>Thank you for your message.</source>
        <translation>Vielen Dank für Ihre Nachricht.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="49"/>
        <source>A colleague will look into your request and get back to you shortly.</source>
        <translation>Jemand aus unserem Team wird sich Ihr Anliegen ansehen und sich in Kürze bei Ihnen melden.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="47"/>
        <source>A colleague will confirm the details for your case shortly.</source>
        <translation>Jemand aus unserem Team wird Ihnen die Einzelheiten zu Ihrem Fall in Kürze bestätigen.</translation>
    </message>
</context>
<context>
    <name>cx::drafting::RiskReason</name>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="19"/>
        <source>promises a refund or compensation</source>
        <translation>verspricht eine Erstattung oder Entschädigung</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="20"/>
        <source>the customer mentions legal action</source>
        <translation>der Kunde erwähnt rechtliche Schritte</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="21"/>
        <source>contains personal data</source>
        <translation>enthält personenbezogene Daten</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="22"/>
        <source>the reply was cut off before its end</source>
        <translation>die Antwort wurde vor ihrem Ende abgeschnitten</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="23"/>
        <source>the model declined to answer</source>
        <translation>das Modell hat die Antwort verweigert</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="25"/>
        <source>breaks a writing rule that must be fixed before sending</source>
        <translation>verstößt gegen eine Schreibregel, die vor dem Senden behoben werden muss</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="27"/>
        <source>the customer is upset</source>
        <translation>der Kunde ist verärgert</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="29"/>
        <source>the knowledge base barely covers the question</source>
        <translation>die Wissensdatenbank deckt die Frage kaum ab</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="31"/>
        <source>states facts not found in the knowledge base</source>
        <translation>nennt Fakten, die nicht in der Wissensdatenbank stehen</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="33"/>
        <source>the draft is not in the customer&apos;s language</source>
        <translation>der Entwurf ist nicht in der Sprache des Kunden</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/RiskReasonText.cpp" line="35"/>
        <source>written by the offline drafter, not by a language model</source>
        <translation>vom Offline-Entwurfsgenerator geschrieben, nicht von einem Sprachmodell</translation>
    </message>
</context>
<context>
    <name>cx::drafting::ToneValidator</name>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="103"/>
        <source>The draft has %n word(s); the limit is %1.</source>
        <translation>
            <numerusform>Der Entwurf hat %n Wort; die Grenze ist %1.</numerusform>
            <numerusform>Der Entwurf hat %n Wörter; die Grenze ist %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="109"/>
        <source>The draft has %n word(s); at least %1 expected.</source>
        <translation>
            <numerusform>Der Entwurf hat %n Wort; mindestens %1 erwartet.</numerusform>
            <numerusform>Der Entwurf hat %n Wörter; mindestens %1 erwartet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="117"/>
        <source>Forbidden phrase: &quot;%1&quot;.</source>
        <translation>Verbotene Formulierung: „%1“.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="122"/>
        <source>Required phrase missing: &quot;%1&quot;.</source>
        <translation>Erforderliche Formulierung fehlt: „%1“.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="126"/>
        <source>The draft shouts (capitals or repeated exclamation marks).</source>
        <translation>Der Entwurf schreit (Großbuchstaben oder wiederholte Ausrufezeichen).</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="134"/>
        <source>Unfilled placeholder: %1</source>
        <translation>Nicht ausgefüllter Platzhalter: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="140"/>
        <source>The customer is upset but the draft shows no empathy.</source>
        <translation>Der Kunde ist verärgert, aber der Entwurf zeigt kein Mitgefühl.</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="153"/>
        <source>Link not found in any retrieved passage: %1</source>
        <translation>Link in keiner abgerufenen Textstelle gefunden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="161"/>
        <source>Figure not found in any retrieved passage or customer message: %1</source>
        <translation>Zahl in keiner abgerufenen Textstelle und keiner Kundennachricht gefunden: %1</translation>
    </message>
</context>
<context>
    <name>cx::gui</name>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="17"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="19"/>
        <source>Server (second check)</source>
        <translation>Server (zweite Prüfung)</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="21"/>
        <source>Version and services</source>
        <translation>Version und Dienste</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="23"/>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="25"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="42"/>
        <source>the setting</source>
        <translation>die Einstellung</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="88"/>
        <source>Chatwoot could not be reached at %1: %2</source>
        <translation>Chatwoot war unter %1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="115"/>
        <source>could not be read from the keychain (%1)</source>
        <translation>konnte nicht aus dem Schlüsselbund gelesen werden (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ChatwootProbeLines.cpp" line="119"/>
        <source>none yet: enter it above (Chatwoot › Profile settings › Access token)</source>
        <translation>noch keines: oben eingeben (Chatwoot › Profileinstellungen › Zugriffstoken)</translation>
    </message>
</context>
<context>
    <name>cx::gui::AboutDialog</name>
    <message>
        <location filename="../src/app/AboutDialog.cpp" line="14"/>
        <source>Version %1 · Qt %2</source>
        <translation>Version %1 · Qt %2</translation>
    </message>
</context>
<context>
    <name>cx::gui::AppServices</name>
    <message>
        <location filename="../src/app/AppServices.cpp" line="89"/>
        <source>Demo Reviewer</source>
        <translation>Demo-Prüfer</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="97"/>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="100"/>
        <source>Chatwoot</source>
        <translation>Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="103"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="106"/>
        <source>Knowledge base</source>
        <translation>Wissensdatenbank</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="112"/>
        <source>starting…</source>
        <translation>startet…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="115"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="118"/>
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="121"/>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="124"/>
        <source>off</source>
        <translation>aus</translation>
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
        <translation>Passwort-Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="182"/>
        <source>a password is needed — set it in Settings › Database password</source>
        <translation>ein Passwort wird benötigt — legen Sie es unter Einstellungen › Datenbank-Passwort fest</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="202"/>
        <source>The local queue for learning signals could not be opened: %1. A learning signal that cannot reach the database would be lost.</source>
        <translation>Die lokale Warteschlange für Lernsignale konnte nicht geöffnet werden: %1. Ein Lernsignal, das die Datenbank nicht erreicht, ginge verloren.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="210"/>
        <source>database: password authentication failed. Check the database password in Settings.</source>
        <translation>Datenbank: Passwort-Authentifizierung fehlgeschlagen. Prüfen Sie das Datenbank-Passwort in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="211"/>
        <source>The database could not be opened: %1. Check the database URL in Settings.</source>
        <translation>Die Datenbank konnte nicht geöffnet werden: %1. Prüfen Sie die Datenbank-URL in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="213"/>
        <source>waiting for the database</source>
        <translation>wartet auf die Datenbank</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="220"/>
        <source>%1, schema %2</source>
        <translation>%1, Schema %2</translation>
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
        <translation>%1 Textstellen</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="286"/>
        <source>ingesting the sample knowledge base…</source>
        <translation>die Beispiel-Wissensdatenbank wird eingelesen…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="306"/>
        <source>empty — add articles in File › Knowledge base…</source>
        <translation>leer — Artikel hinzufügen unter Datei › Wissensdatenbank…</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="314"/>
        <source>the sandbox could not listen on 127.0.0.1</source>
        <translation>die Sandbox konnte nicht auf 127.0.0.1 lauschen</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="326"/>
        <source>not configured — open Settings</source>
        <translation>nicht konfiguriert — Einstellungen öffnen</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="338"/>
        <location filename="../src/app/AppServices.cpp" line="348"/>
        <source>sandbox (simulated)</source>
        <translation>Sandbox (simuliert)</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="342"/>
        <source>cannot be reached</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="349"/>
        <source>a probe failed — see Settings › Test connection</source>
        <translation>eine Prüfung ist fehlgeschlagen — siehe Einstellungen › Verbindung testen</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="361"/>
        <source>The Chatwoot API token could not be read: %1</source>
        <translation>Das Chatwoot-API-Token konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="375"/>
        <source>drafting off</source>
        <translation>Entwürfe aus</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="378"/>
        <source>%1 — idle until Chatwoot is connected</source>
        <translation>%1 — inaktiv, bis Chatwoot verbunden ist</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="380"/>
        <source>offline drafter — idle until Chatwoot is connected</source>
        <translation>Offline-Entwurfsgenerator — inaktiv, bis Chatwoot verbunden ist</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="408"/>
        <source>%1 at %2</source>
        <translation>%1 unter %2</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="416"/>
        <source>lexical only — embeddings failed: %1</source>
        <translation>nur lexikalisch — Embeddings fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="420"/>
        <source>offline drafter (no model configured)</source>
        <translation>Offline-Entwurfsgenerator (kein Modell konfiguriert)</translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="423"/>
        <source>drafting off (AI_CUSTOMER_DRAFT_ENABLED=false)</source>
        <translation>Entwürfe aus (AI_CUSTOMER_DRAFT_ENABLED=false)</translation>
    </message>
</context>
<context>
    <name>cx::gui::ApprovalsDrawer</name>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="90"/>
        <source>High risk</source>
        <translation>Hohes Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="92"/>
        <source>Medium risk</source>
        <translation>Mittleres Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="94"/>
        <source>Low risk</source>
        <translation>Geringes Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="95"/>
        <source>Risk not assessed</source>
        <translation>Risiko nicht bewertet</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="33"/>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="42"/>
        <source>No draft waiting for this conversation</source>
        <translation>Für diese Konversation wartet kein Entwurf</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="43"/>
        <location filename="../src/app/RejectDialog.cpp" line="85"/>
        <source>Reject draft</source>
        <translation>Entwurf ablehnen</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="47"/>
        <source>Why is this draft rejected? The reason is kept with the review.</source>
        <translation>Warum wird dieser Entwurf abgelehnt? Die Begründung wird mit der Prüfung gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="46"/>
        <source>Send anyway?</source>
        <translation>Trotzdem senden?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="47"/>
        <source>%1

Send the approved reply to the customer anyway?</source>
        <translation>%1

Die freigegebene Antwort trotzdem an den Kunden senden?</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="70"/>
        <source>Offline drafter (simulated)</source>
        <translation>Offline-Entwurfsgenerator (simuliert)</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="74"/>
        <source>Written by the built-in offline drafter, not by a language model.</source>
        <translation>Vom eingebauten Offline-Entwurfsgenerator geschrieben, nicht von einem Sprachmodell.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="49"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="98"/>
        <source>Retrying…</source>
        <translation>Neuer Versuch…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="52"/>
        <source>Send anyway…</source>
        <translation>Trotzdem senden…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="55"/>
        <source>Send this approved reply although the conversation changed since</source>
        <translation>Diese freigegebene Antwort senden, obwohl sich die Konversation seitdem geändert hat</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="62"/>
        <source>Approve &amp; send (all three grades set)</source>
        <translation>Freigeben &amp; senden (alle drei Bewertungen gesetzt)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="67"/>
        <source>Reject the draft with a reason</source>
        <translation>Den Entwurf mit Begründung ablehnen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="105"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="469"/>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="120"/>
        <source>Draft reply</source>
        <translation>Antwortentwurf</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="125"/>
        <source>Changes against the original draft</source>
        <translation>Änderungen gegenüber dem ursprünglichen Entwurf</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="129"/>
        <source>Show changes</source>
        <translation>Änderungen zeigen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="148"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="159"/>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="152"/>
        <source>Passage</source>
        <translation>Textstelle</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="154"/>
        <source>Click a source to read the passage.</source>
        <translation>Klicken Sie auf eine Quelle, um die Textstelle zu lesen.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="162"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="164"/>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="183"/>
        <source>Grades</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="203"/>
        <source>&amp;Tone</source>
        <translation>&amp;Ton</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="204"/>
        <source>&amp;Accuracy</source>
        <translation>Gena&amp;uigkeit</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="205"/>
        <source>&amp;Policy</source>
        <translation>&amp;Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="216"/>
        <source>Regenerate</source>
        <translation>Neu erstellen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="219"/>
        <source>Discard this draft and write a new one, following the instruction if given</source>
        <translation>Diesen Entwurf verwerfen und einen neuen erstellen, gegebenenfalls gemäß der Anweisung</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="222"/>
        <source>Instruction, e.g. mention the return label</source>
        <translation>Anweisung, z. B. Rücksendeetikett erwähnen</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="223"/>
        <source>Instruction for the new draft</source>
        <translation>Anweisung für den neuen Entwurf</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="227"/>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="230"/>
        <source>Reject this draft with a reason (%1)</source>
        <translation>Diesen Entwurf mit Begründung ablehnen (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="232"/>
        <source>Approve &amp;&amp; send</source>
        <translation>Freigeben &amp;&amp; senden</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="234"/>
        <source>Send this reply to the customer (Ctrl+Enter)</source>
        <translation>Diese Antwort an den Kunden senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="490"/>
        <source>Recording the rejection…</source>
        <translation>Ablehnung wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="581"/>
        <source>Not rejected.</source>
        <translation>Nicht abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="582"/>
        <source>Not rejected: stopped at %1.</source>
        <translation>Nicht abgelehnt: angehalten bei %1.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="592"/>
        <source>Rejected — %1</source>
        <translation>Abgelehnt — %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="112"/>
        <source>Conversation #%1</source>
        <translation>Konversation #%1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="116"/>
        <source>%1 — conversation #%2</source>
        <translation>%1 — Konversation #%2</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="121"/>
        <source>Confidence %1%</source>
        <translation>Konfidenz %1 %</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="122"/>
        <source>How well the knowledge base supports this draft</source>
        <translation>Wie gut die Wissensdatenbank diesen Entwurf stützt</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="124"/>
        <source>Confidence unknown</source>
        <translation>Konfidenz unbekannt</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="138"/>
        <source>Why this risk</source>
        <translation>Warum dieses Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/DraftHeader.cpp" line="140"/>
        <source>Tone findings</source>
        <translation>Befunde zum Ton</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="343"/>
        <source>Sources (%1)</source>
        <translation>Quellen (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="345"/>
        <source>This draft cites no source.</source>
        <translation>Dieser Entwurf zitiert keine Quelle.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="363"/>
        <source>no source</source>
        <translation>keine Quelle</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="369"/>
        <source>Evidence (%1)</source>
        <translation>Belege (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="381"/>
        <source>(no passage text stored)</source>
        <translation>(kein Text der Textstelle gespeichert)</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawerAssist.cpp" line="29"/>
        <source>No edits</source>
        <translation>Keine Änderungen</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ApprovalsDrawerAssist.cpp" line="30"/>
        <source>%n character(s) changed</source>
        <translation>
            <numerusform>%n Zeichen geändert</numerusform>
            <numerusform>%n Zeichen geändert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="441"/>
        <source>Set every grade to approve (still to set: %1). Keys 1–5 set the focused grade.</source>
        <translation>Setzen Sie jede Bewertung, um freizugeben (noch offen: %1). Die Tasten 1–5 setzen die gewählte Bewertung.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="444"/>
        <source>The reply is empty or too long to send.</source>
        <translation>Die Antwort ist leer oder zu lang zum Senden.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="446"/>
        <source>Ready: Approve &amp; send (Ctrl+Enter) sends this reply to the customer.</source>
        <translation>Bereit: Freigeben &amp; senden (Strg+Eingabe) sendet diese Antwort an den Kunden.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="484"/>
        <source>A reason is required to reject a draft.</source>
        <translation>Zum Ablehnen eines Entwurfs ist eine Begründung nötig.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="89"/>
        <source>Chatwoot has not confirmed this reply yet. CX Pilot checks again at %1 before sending anything again.</source>
        <translation>Chatwoot hat diese Antwort noch nicht bestätigt. CX Pilot prüft um %1 erneut, bevor etwas nochmals gesendet wird.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftStatusPanel.cpp" line="93"/>
        <source>Chatwoot has not confirmed this reply yet. CX Pilot checks again before sending anything again.</source>
        <translation>Chatwoot hat diese Antwort noch nicht bestätigt. CX Pilot prüft erneut, bevor etwas nochmals gesendet wird.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="532"/>
        <source>Approved — sending this reply to Chatwoot…</source>
        <translation>Freigegeben — diese Antwort wird an Chatwoot gesendet…</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="539"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="569"/>
        <source>Needs attention: %1</source>
        <translation>Erfordert Aufmerksamkeit: %1</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="560"/>
        <source>Sent to the customer.</source>
        <translation>An den Kunden gesendet.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="564"/>
        <source>Not sent.</source>
        <translation>Nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="564"/>
        <source>Not sent: stopped at %1.</source>
        <translation>Nicht gesendet: abgebrochen bei %1.</translation>
    </message>
</context>
<context>
    <name>cx::gui::AttentionBanner</name>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="12"/>
        <source>Open draft</source>
        <translation>Entwurf öffnen</translation>
    </message>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="41"/>
        <source>Needs attention: %1</source>
        <translation>Erfordert Aufmerksamkeit: %1</translation>
    </message>
    <message>
        <location filename="../src/app/AttentionBanner.cpp" line="43"/>
        <source>(and %1 more)</source>
        <translation>(und %1 weitere)</translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationDialog</name>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="55"/>
        <source>Grading calibration</source>
        <translation>Bewertungskalibrierung</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="59"/>
        <source>Session:</source>
        <translation>Sitzung:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="67"/>
        <source>Calibration never sends anything: everyone grades the same already-sent replies blind, without seeing anyone else&apos;s grades (nor the original reviewer&apos;s) until the lead closes the session.</source>
        <translation>Die Kalibrierung sendet nie etwas: Alle bewerten dieselben bereits gesendeten Antworten blind, ohne die Bewertungen der anderen (oder des ursprünglichen Prüfers) zu sehen, bis die Leitung die Sitzung schließt.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="82"/>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="83"/>
        <source>Grade</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="84"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="92"/>
        <source>The database is not open yet, so there are no calibration sessions.</source>
        <translation>Die Datenbank ist noch nicht geöffnet, daher gibt es keine Kalibrierungssitzungen.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="110"/>
        <source>Calibration %1</source>
        <translation>Kalibrierung %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="111"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="115"/>
        <source>Number of replies to sample</source>
        <translation>Anzahl der auszuwählenden Antworten</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="119"/>
        <source>Sample by inbox and grade</source>
        <translation>Nach Posteingang und Bewertung auswählen</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="121"/>
        <source>Picks replies from every inbox and every grade band in turn, so the session covers the whole scale rather than mostly the common grades.</source>
        <translation>Wählt abwechselnd Antworten aus jedem Posteingang und jeder Bewertungsstufe, damit die Sitzung die ganze Skala abdeckt statt vor allem die häufigen Bewertungen.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="126"/>
        <source>Replies:</source>
        <translation>Antworten:</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="133"/>
        <source>Sent replies (last %n day(s)):</source>
        <translation>
            <numerusform>Gesendete Antworten (letzter %n Tag):</numerusform>
            <numerusform>Gesendete Antworten (letzte %n Tage):</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="134"/>
        <source>Start session</source>
        <translation>Sitzung starten</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="151"/>
        <source>The reply to grade</source>
        <translation>Die zu bewertende Antwort</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="170"/>
        <source>Save grade and go to the next</source>
        <translation>Bewertung speichern und weiter zur nächsten</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="176"/>
        <source>Add a simulated second reviewer (demo)</source>
        <translation>Simulierten zweiten Prüfer hinzufügen (Demo)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="178"/>
        <source>Demo only: grades every item as &quot;%1&quot;, from the original grades with a little random leniency. Shown as simulated in the results.</source>
        <translation>Nur Demo: bewertet jedes Element als „%1“, ausgehend von den ursprünglichen Bewertungen mit etwas zufälliger Milde. Wird in den Ergebnissen als simuliert angezeigt.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="196"/>
        <source>Close session and show results</source>
        <translation>Sitzung schließen und Ergebnisse anzeigen</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="203"/>
        <source>Calibration results</source>
        <translation>Kalibrierungsergebnisse</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="229"/>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="229"/>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="231"/>
        <source>%1 — %n reply(ies), by %2, %3</source>
        <translation>
            <numerusform>%1 — %n Antwort, von %2, %3</numerusform>
            <numerusform>%1 — %n Antworten, von %2, %3</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="258"/>
        <source>Inbox %1 — sent reply reviewed %2</source>
        <translation>Posteingang %1 — gesendete Antwort, geprüft %2</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="267"/>
        <source>No sent replies yet: approve and send a few drafts first.</source>
        <translation>Noch keine gesendeten Antworten: zuerst einige Entwürfe freigeben und senden.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="301"/>
        <source>Not enough sent replies to sample from (%1).</source>
        <translation>Nicht genug gesendete Antworten für eine Auswahl (%1).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="339"/>
        <source>No calibration session yet: start one on the first tab.</source>
        <translation>Noch keine Kalibrierungssitzung: auf der ersten Registerkarte eine starten.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="387"/>
        <location filename="../src/app/CalibrationDialog.cpp" line="491"/>
        <source>%1 (simulated)</source>
        <translation>%1 (simuliert)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="388"/>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 von %3</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="391"/>
        <source>Nobody has graded yet.</source>
        <translation>Noch hat niemand bewertet.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="392"/>
        <source>Graded so far — %1</source>
        <translation>Bisher bewertet — %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="397"/>
        <source>Only %1, who started the session, can close it.</source>
        <translation>Nur wer die Sitzung gestartet hat (%1), kann sie schließen.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="402"/>
        <source>The results appear when the lead closes the session; until then nobody sees anyone else&apos;s grades.</source>
        <translation>Die Ergebnisse erscheinen, wenn die Leitung die Sitzung schließt; bis dahin sieht niemand die Bewertungen der anderen.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="422"/>
        <source>This session is closed.</source>
        <translation>Diese Sitzung ist geschlossen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="423"/>
        <source>You have graded all %n reply(ies) of this session.</source>
        <translation>
            <numerusform>Die %n Antwort dieser Sitzung ist bewertet.</numerusform>
            <numerusform>Alle %n Antworten dieser Sitzung sind bewertet.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="431"/>
        <source>Reply %1 of %2 (inbox %3)</source>
        <translation>Antwort %1 von %2 (Posteingang %3)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="433"/>
        <source>The customer wrote:</source>
        <translation>Der Kunde schrieb:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="434"/>
        <source>The reply that was sent:</source>
        <translation>Die gesendete Antwort:</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="494"/>
        <source>Agreement per axis (Krippendorff&apos;s α, ordinal)</source>
        <translation>Übereinstimmung je Achse (Krippendorff&apos;s α, ordinal)</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>Axis</source>
        <translation>Achse</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>α with 95 % interval</source>
        <translation>α mit 95-%-Intervall</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="497"/>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="504"/>
        <source>α ≥ 0.80: the grades can be relied on; 0.67–0.80: tentative; below 0.67: the reviewers do not mean the same thing by a grade (Krippendorff&apos;s guideline).</source>
        <translation>α ≥ 0,80: Die Bewertungen sind verlässlich; 0,67–0,80: vorläufig; unter 0,67: Die Prüfer meinen mit einer Bewertung nicht dasselbe (Richtwert nach Krippendorff).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="507"/>
        <source>Pairs of reviewers (quadratic-weighted κ)</source>
        <translation>Prüferpaare (quadratisch gewichtetes κ)</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationDialog.cpp" line="511"/>
        <source>%n reply(ies)</source>
        <translation>
            <numerusform>%n Antwort</numerusform>
            <numerusform>%n Antworten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="514"/>
        <source>Leniency per reviewer</source>
        <translation>Milde je Prüfer</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="515"/>
        <source>Mean difference from the others&apos; grades on the same replies: positive means more lenient, negative stricter.</source>
        <translation>Mittlere Abweichung von den Bewertungen der anderen für dieselben Antworten: positiv bedeutet milder, negativ strenger.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationDialog.cpp" line="525"/>
        <source>Some grades here are simulated (demo), not a person&apos;s.</source>
        <translation>Einige Bewertungen hier sind simuliert (Demo) und stammen nicht von einer Person.</translation>
    </message>
</context>
<context>
    <name>cx::gui::CalibrationPanel</name>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="15"/>
        <source>Grading consistency</source>
        <translation>Bewertungskonsistenz</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="26"/>
        <source>Average grades shown</source>
        <translation>Angezeigte Durchschnittsbewertungen</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="27"/>
        <source>As graded</source>
        <translation>Wie bewertet</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="28"/>
        <source>Leniency-adjusted</source>
        <translation>Um Milde bereinigt</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="29"/>
        <source>Leniency-adjusted: each grade minus its reviewer&apos;s leniency measured in the most recent closed calibration session (Reports › Grading calibration…).</source>
        <translation>Um Milde bereinigt: jede Bewertung abzüglich der Milde ihres Prüfers, gemessen in der letzten geschlossenen Kalibrierungssitzung (Berichte › Bewertungskalibrierung…).</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="72"/>
        <source>Grading consistency could not be checked: %1</source>
        <translation>Bewertungskonsistenz konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="81"/>
        <source>Not computed yet.</source>
        <translation>Noch nicht berechnet.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="88"/>
        <source>more lenient</source>
        <translation>milder</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="88"/>
        <source>stricter</source>
        <translation>strenger</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="89"/>
        <source>%1 grades %2 %3 than their peers since %4.</source>
        <translation>%1 bewertet %2 seit %4 %3 als die anderen Prüfer.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="97"/>
        <source>No reviewer&apos;s grades have drifted from their peers&apos; (%n reviewer-axis chart(s) watched).</source>
        <translation>
            <numerusform>Die Bewertungen keines Prüfers weichen von denen der anderen ab (%n Prüfer-Achsen-Diagramm überwacht).</numerusform>
            <numerusform>Die Bewertungen keines Prüfers weichen von denen der anderen ab (%n Prüfer-Achsen-Diagramme überwacht).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="105"/>
        <source>Drift alert: %1 (CUSUM past 5 σ; about one false alarm per 465 grades). Consider a calibration session.</source>
        <translation>Drift-Warnung: %1 (CUSUM über 5 σ; etwa ein Fehlalarm pro 465 Bewertungen). Eine Kalibrierungssitzung ist zu empfehlen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/CalibrationPanel.cpp" line="115"/>
        <source>Tone %1 · Accuracy %2 · Policy %3 (%n grade(s))</source>
        <translation>
            <numerusform>Ton %1 · Genauigkeit %2 · Richtlinien %3 (%n Bewertung)</numerusform>
            <numerusform>Ton %1 · Genauigkeit %2 · Richtlinien %3 (%n Bewertungen)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="120"/>
        <source>— no closed calibration session yet, so nothing to adjust by.</source>
        <translation>— noch keine geschlossene Kalibrierungssitzung, daher keine Bereinigung.</translation>
    </message>
    <message>
        <location filename="../src/app/CalibrationPanel.cpp" line="121"/>
        <source>— adjusted by the leniency measured in &quot;%1&quot;.</source>
        <translation>— bereinigt um die in „%1“ gemessene Milde.</translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationModel</name>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="40"/>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="42"/>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="44"/>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="46"/>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="56"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="58"/>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="60"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="62"/>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="66"/>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="72"/>
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="74"/>
        <source>Email</source>
        <translation>E-Mail</translation>
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
        <translation>Kontakt #%1</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="126"/>
        <source>Sounds angry</source>
        <translation>Klingt verärgert</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="128"/>
        <source>Asks for speed (%1)</source>
        <translation>Bittet um Eile (%1)</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="129"/>
        <source> — moved up one SLA tier</source>
        <translation> — eine SLA-Stufe höher eingereiht</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="179"/>
        <source>On time</source>
        <translation>Im Zeitplan</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="181"/>
        <source>At risk</source>
        <translation>Gefährdet</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="183"/>
        <source>Breached</source>
        <translation>Überschritten</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="195"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="198"/>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="201"/>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="202"/>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="235"/>
        <source>%1 &lt;%2&gt;</source>
        <translation>%1 &lt;%2&gt;</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="242"/>
        <source>%1 of a %2-minute first-reply SLA (at risk after 75 %)</source>
        <translation>%1 von einer SLA von %2 Minuten bis zur ersten Antwort (gefährdet ab 75 %)</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="311"/>
        <source>Inbox %1</source>
        <translation>Posteingang %1</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="324"/>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="330"/>
        <location filename="../src/app/ConversationQueueView.cpp" line="79"/>
        <source>Draft waiting</source>
        <translation>Entwurf wartet</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="368"/>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="370"/>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="372"/>
        <source>Last message</source>
        <translation>Letzte Nachricht</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="374"/>
        <source>Waiting</source>
        <translation>Wartet seit</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="376"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="378"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="380"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="382"/>
        <source>Assignee</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="384"/>
        <source>Unread</source>
        <translation>Ungelesen</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="386"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationThreadView</name>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="24"/>
        <source>Conversation messages</source>
        <translation>Nachrichten der Konversation</translation>
    </message>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="37"/>
        <source>Select a conversation to read it.</source>
        <translation>Wählen Sie eine Konversation aus, um sie zu lesen.</translation>
    </message>
</context>
<context>
    <name>cx::gui::DashboardWidget</name>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="66"/>
        <source>MMM d</source>
        <comment>day label format (QDate::toString)</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="135"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="137"/>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="140"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="141"/>
        <source>The last %n day(s) up to today (UTC)</source>
        <translation>
            <numerusform>Der letzte Tag bis heute (UTC)</numerusform>
            <numerusform>Die letzten %n Tage bis heute (UTC)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="150"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="185"/>
        <source>Click a point or a bar to list the conversations behind it.</source>
        <translation>Klicken Sie auf einen Punkt oder Balken, um die Konversationen dahinter aufzulisten.</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="191"/>
        <source>Conversations behind the selected point</source>
        <translation>Konversationen hinter dem gewählten Punkt</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="196"/>
        <source>Double-click a conversation to open it.</source>
        <translation>Doppelklicken Sie auf eine Konversation, um sie zu öffnen.</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="237"/>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="238"/>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="242"/>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="243"/>
        <location filename="../src/app/DashboardWidget.cpp" line="444"/>
        <source>All inboxes</source>
        <translation>Alle Posteingänge</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="248"/>
        <source>Reviewer</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="249"/>
        <location filename="../src/app/DashboardWidget.cpp" line="448"/>
        <source>All reviewers</source>
        <translation>Alle Prüfer</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="255"/>
        <source>Computing</source>
        <translation>Wird berechnet</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="271"/>
        <source>Open conversations</source>
        <translation>Offene Konversationen</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="561"/>
        <source>%1 (conversation %2)</source>
        <translation>%1 (Konversation %2)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="297"/>
        <source>Daily average grades</source>
        <translation>Tägliche Durchschnittsbewertungen</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="298"/>
        <source>Daily SLA compliance (%)</source>
        <translation>Tägliche SLA-Einhaltung (%)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="299"/>
        <source>Edit ratio (reviewed drafts)</source>
        <translation>Bearbeitungsanteil (geprüfte Entwürfe)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="300"/>
        <source>Approval time (drafts)</source>
        <translation>Freigabezeit (Entwürfe)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="422"/>
        <source>The dashboard could not be computed: %1</source>
        <translation>Das Dashboard konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="446"/>
        <source>Inbox %1</source>
        <translation>Posteingang %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="485"/>
        <source>Target: %1 (n = %2)</source>
        <translation>Ziel: %1 (n = %2)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="495"/>
        <source>Green ≥ %1 %, yellow ≥ %2 %</source>
        <translation>Grün ≥ %1 %, gelb ≥ %2 %</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="507"/>
        <source>≤ %1 min</source>
        <translation>≤ %1 Min.</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="101"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="102"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="103"/>
        <source>Policy</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="128"/>
        <source>Within SLA</source>
        <translation>Innerhalb der SLA</translation>
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
        <translation>Entwürfe</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="227"/>
        <source>edit ratio, bucket upper bound (0 = unedited)</source>
        <translation>Bearbeitungsanteil, Obergrenze der Klasse (0 = unbearbeitet)</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardCharts.cpp" line="229"/>
        <source>ready → approved, bucket upper bound</source>
        <translation>bereit → freigegeben, Obergrenze der Klasse</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="523"/>
        <source>reviewed on %1</source>
        <translation>geprüft am %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="530"/>
        <source>with edit ratio %1</source>
        <translation>mit Bearbeitungsanteil %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="536"/>
        <source>approved in %1</source>
        <translation>freigegeben in %1</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="540"/>
        <source>Loading conversations %1…</source>
        <translation>Konversationen %1 werden geladen…</translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="549"/>
        <source>Could not list the conversations: %1</source>
        <translation>Die Konversationen konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="554"/>
        <source>%n conversation(s) %1 — double-click one to open it.</source>
        <translation>
            <numerusform>%n Konversation %1 — zum Öffnen doppelklicken.</numerusform>
            <numerusform>%n Konversationen %1 — zum Öffnen eine doppelklicken.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/DashboardWidget.cpp" line="560"/>
        <source>Conversation %1</source>
        <translation>Konversation %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::DraftModel</name>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="17"/>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="19"/>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="21"/>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="22"/>
        <source>Not assessed</source>
        <translation>Nicht bewertet</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="36"/>
        <source>Drafted</source>
        <translation>Entworfen</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="38"/>
        <source>Note posted</source>
        <translation>Notiz gepostet</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="52"/>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="54"/>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="56"/>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="59"/>
        <source>%1 d</source>
        <translation>%1 T.</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="70"/>
        <source>Not confirmed yet — re-checking at %1</source>
        <translation>Noch nicht bestätigt — erneute Prüfung um %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="72"/>
        <source>Not confirmed yet — re-checking</source>
        <translation>Noch nicht bestätigt — wird erneut geprüft</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="78"/>
        <source>Needs attention</source>
        <translation>Erfordert Aufmerksamkeit</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="79"/>
        <source>Needs attention: %1</source>
        <translation>Erfordert Aufmerksamkeit: %1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="81"/>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="105"/>
        <location filename="../src/app/DraftModel.cpp" line="135"/>
        <source>Conversation #%1</source>
        <translation>Konversation #%1</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="128"/>
        <source>%1 (offline drafter)</source>
        <translation>%1 (Offline-Entwurfsgenerator)</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="185"/>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="187"/>
        <source>Draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="189"/>
        <source>Confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="191"/>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="193"/>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="195"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>cx::gui::DraftSummaryLine</name>
    <message>
        <location filename="../src/app/DraftSummaryLine.cpp" line="16"/>
        <source>Conversation:</source>
        <translation>Konversation:</translation>
    </message>
    <message>
        <location filename="../src/app/DraftSummaryLine.cpp" line="22"/>
        <source>Conversation summary</source>
        <translation>Zusammenfassung der Konversation</translation>
    </message>
</context>
<context>
    <name>cx::gui::ExperimentsPanel</name>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="23"/>
        <source>Prompt and model experiments</source>
        <translation>Prompt- und Modell-Experimente</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="27"/>
        <source>No experiment yet. Start one here or with: cxpilot experiment start NAME --variants A,B</source>
        <translation>Noch kein Experiment. Hier eines starten oder mit: cxpilot experiment start NAME --variants A,B</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Prompt / model</source>
        <translation>Prompt / Modell</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="39"/>
        <source>Graded</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="40"/>
        <source>Approved without major edits</source>
        <translation>Ohne größere Änderungen freigegeben</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="40"/>
        <source>Difference to A (always-valid interval)</source>
        <translation>Differenz zu A (stets gültiges Intervall)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="45"/>
        <source>Experiment variants</source>
        <translation>Experimentvarianten</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="46"/>
        <source>Start experiment…</source>
        <translation>Experiment starten…</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="49"/>
        <location filename="../src/app/ExperimentsPanel.cpp" line="53"/>
        <source>Stop experiment</source>
        <translation>Experiment beenden</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="54"/>
        <source>Stop experiment %1? New drafts use the configured prompt and model again; its results stay.</source>
        <translation>Experiment %1 beenden? Neue Entwürfe verwenden wieder den konfigurierten Prompt und das konfigurierte Modell; die Ergebnisse bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="79"/>
        <source>No database is connected.</source>
        <translation>Keine Datenbank verbunden.</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="127"/>
        <source>Start an experiment</source>
        <translation>Experiment starten</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="134"/>
        <source>Two or more variants, comma-separated: PROMPT_VERSION[@MODEL] or @MODEL. Known prompt versions: %1. The first is the control (A).</source>
        <translation>Zwei oder mehr Varianten, durch Kommas getrennt: PROMPT_VERSION[@MODEL] oder @MODEL. Bekannte Prompt-Versionen: %1. Die erste ist die Kontrolle (A).</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="139"/>
        <source>equal shares, or e.g. 50,50</source>
        <translation>gleiche Anteile, oder z. B. 50,50</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="144"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="145"/>
        <source>Variants</source>
        <translation>Varianten</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="146"/>
        <source>Split (%)</source>
        <translation>Aufteilung (%)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="223"/>
        <source>The experiments could not be read: %1</source>
        <translation>Die Experimente konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="236"/>
        <source>Experiment %1, running since %2</source>
        <translation>Experiment %1, läuft seit %2</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="236"/>
        <source>Experiment %1, stopped (started %2)</source>
        <translation>Experiment %1, beendet (gestartet %2)</translation>
    </message>
    <message>
        <location filename="../src/app/ExperimentsPanel.cpp" line="245"/>
        <source>configured</source>
        <translation>konfiguriert</translation>
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
        <translation>Gesetzt</translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="73"/>
        <source>Not set yet</source>
        <translation>Noch nicht gesetzt</translation>
    </message>
</context>
<context>
    <name>cx::gui::KnowledgeBaseDialog</name>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="32"/>
        <source>Knowledge base</source>
        <translation>Wissensdatenbank</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="41"/>
        <source>Last ingested</source>
        <translation>Zuletzt eingelesen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="50"/>
        <source>Add a source</source>
        <translation>Quelle hinzufügen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="55"/>
        <source>A folder of Markdown, text, HTML or JSONL articles</source>
        <translation>Ein Ordner mit Artikeln in Markdown, Text, HTML oder JSONL</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="56"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="58"/>
        <source>Ingest folder</source>
        <translation>Ordner einlesen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="65"/>
        <source>Ingest the Chatwoot Help Center</source>
        <translation>Chatwoot-Help-Center einlesen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="67"/>
        <source>Ingest every source again</source>
        <translation>Alle Quellen erneut einlesen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="78"/>
        <source>Cancel ingest</source>
        <translation>Einlesen abbrechen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="95"/>
        <source>Choose a folder of articles</source>
        <translation>Ordner mit Artikeln wählen</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="133"/>
        <source>Help Center of %1</source>
        <translation>Help Center von %1</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="140"/>
        <source>The knowledge base could not be opened.</source>
        <translation>Die Wissensdatenbank konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="146"/>
        <source>Nothing is indexed yet: add a folder of articles or your Chatwoot Help Center below.</source>
        <translation>Noch nichts indexiert: Fügen Sie unten einen Ordner mit Artikeln oder Ihr Chatwoot Help Center hinzu.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="147"/>
        <source>Indexed: %1 from %2.</source>
        <translation>Indexiert: %1 aus %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n passage(s)</source>
        <translation>
            <numerusform>%n Textstelle</numerusform>
            <numerusform>%n Textstellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="148"/>
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n Dokument</numerusform>
            <numerusform>%n Dokumenten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="157"/>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="161"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="175"/>
        <source>Connect to Chatwoot first (File › Settings…): the Help Center&apos;s published articles are read from there.</source>
        <translation>Verbinden Sie sich zuerst mit Chatwoot (Datei › Einstellungen…): Die veröffentlichten Artikel des Help Centers werden von dort gelesen.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="185"/>
        <source>Choose a folder of articles first.</source>
        <translation>Wählen Sie zuerst einen Ordner mit Artikeln.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="216"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="241"/>
        <source>Indexing %1 of %2 documents…</source>
        <translation>Dokumente werden indexiert: %1 von %2…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="245"/>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="252"/>
        <source>this Help Center is not the connected Chatwoot&apos;s; connect to it in Settings first</source>
        <translation>dieses Help Center gehört nicht zum verbundenen Chatwoot; verbinden Sie sich zuerst in den Einstellungen damit</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="255"/>
        <source>Fetching the published Help Center articles…</source>
        <translation>Veröffentlichte Artikel des Help Centers werden abgerufen…</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="273"/>
        <source>%1: %2 added, %3 updated, %4 unchanged, %5 removed.</source>
        <translation>%1: %2 hinzugefügt, %3 aktualisiert, %4 unverändert, %5 entfernt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="280"/>
        <source>%n file(s) or row(s) skipped.</source>
        <translation>
            <numerusform>%n Datei oder Zeile übersprungen.</numerusform>
            <numerusform>%n Dateien oder Zeilen übersprungen.</numerusform>
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
        <translation>Abgebrochen; die Wissensdatenbank ist unverändert.</translation>
    </message>
    <message>
        <location filename="../src/app/KnowledgeBaseDialog.cpp" line="303"/>
        <source>Cancelled; the sources not ingested yet are unchanged.</source>
        <translation>Abgebrochen; die noch nicht eingelesenen Quellen sind unverändert.</translation>
    </message>
</context>
<context>
    <name>cx::gui::MainWindow</name>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="73"/>
        <source>CX Pilot — Demo (simulated Chatwoot)</source>
        <translation>CX Pilot — Demo (simuliertes Chatwoot)</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="73"/>
        <source>CX Pilot</source>
        <translation>CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="126"/>
        <source>Select a conversation on the left.</source>
        <translation>Wählen Sie links eine Konversation aus.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="144"/>
        <source>Conversations</source>
        <translation>Konversationen</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="148"/>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="155"/>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="27"/>
        <source>Which conversations</source>
        <translation>Welche Konversationen</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="28"/>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="29"/>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="30"/>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="34"/>
        <source>Drafts waiting</source>
        <translation>Wartende Entwürfe</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="37"/>
        <source>SLA at risk</source>
        <translation>SLA gefährdet</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNavigation.cpp" line="43"/>
        <source>Conversation queue</source>
        <translation>Konversations-Warteschlange</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="44"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="45"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="47"/>
        <source>&amp;Knowledge base…</source>
        <translation>&amp;Wissensdatenbank…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="55"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="58"/>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="59"/>
        <source>Next conversation</source>
        <translation>Nächste Konversation</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="61"/>
        <source>Previous conversation</source>
        <translation>Vorherige Konversation</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="63"/>
        <source>Next waiting draft</source>
        <translation>Nächster wartender Entwurf</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="65"/>
        <source>Focus the queue</source>
        <translation>Warteschlange fokussieren</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="71"/>
        <source>Show the dashboard</source>
        <translation>Dashboard anzeigen</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="73"/>
        <source>Focus the draft editor</source>
        <translation>Entwurfseditor fokussieren</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="78"/>
        <source>&amp;Reports</source>
        <translation>&amp;Berichte</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="85"/>
        <source>Export &amp;PDF…</source>
        <translation>&amp;PDF exportieren…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="86"/>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="88"/>
        <source>Export fine-tuning &amp;JSONL…</source>
        <translation>Fine-Tuning-&amp;JSONL exportieren…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="90"/>
        <source>&amp;Grading calibration…</source>
        <translation>&amp;Bewertungskalibrierung…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="96"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="97"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="125"/>
        <source>Settings saved and applied.</source>
        <translation>Einstellungen gespeichert und übernommen.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="137"/>
        <source>The knowledge base is still opening; try again in a moment.</source>
        <translation>Die Wissensdatenbank wird noch geöffnet; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="181"/>
        <source>Set the focused grade</source>
        <translation>Gewählte Bewertung setzen</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="184"/>
        <source>Approve &amp; send (all three grades set)</source>
        <translation>Freigeben &amp; senden (alle drei Bewertungen gesetzt)</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="223"/>
        <source>CX Pilot is still running</source>
        <translation>CX Pilot läuft weiter</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="224"/>
        <source>It keeps watching the queue in the tray. To quit, use File › Quit or the tray menu.</source>
        <translation>Es beobachtet die Warteschlange weiter im Infobereich. Zum Beenden: Datei › Beenden oder das Menü im Infobereich.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowActions.cpp" line="99"/>
        <source>&amp;About CX Pilot</source>
        <translation>Ü&amp;ber CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="241"/>
        <source>Learning signals of reviewed drafts wait in a local queue while the database is unavailable; they are saved once it is back.</source>
        <translation>Lernsignale geprüfter Entwürfe warten in einer lokalen Warteschlange, solange die Datenbank nicht verfügbar ist; sie werden gespeichert, sobald sie wieder erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="245"/>
        <source>Last sync: —</source>
        <translation>Letzte Synchronisierung: —</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="251"/>
        <source>Knowledge %p%</source>
        <translation>Wissen %p %</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="273"/>
        <source>%n learning signal(s) waiting for the database</source>
        <translation>
            <numerusform>%n Lernsignal wartet auf die Datenbank</numerusform>
            <numerusform>%n Lernsignale warten auf die Datenbank</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="298"/>
        <source>Last sync failed: %1</source>
        <translation>Letzte Synchronisierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="317"/>
        <source>A draft for conversation %1 could not be made: %2</source>
        <translation>Für Konversation %1 konnte kein Entwurf erstellt werden: %2</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowNotifications.cpp" line="80"/>
        <location filename="../src/app/MainWindowNotifications.cpp" line="100"/>
        <source>Conversation %1</source>
        <translation>Konversation %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="369"/>
        <source>Retrying…</source>
        <translation>Neuer Versuch…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="387"/>
        <source>Drafting again…</source>
        <translation>Neuer Entwurf wird erstellt…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="392"/>
        <source>No new draft: %1</source>
        <translation>Kein neuer Entwurf: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="432"/>
        <source>Last sync: %1</source>
        <translation>Letzte Synchronisierung: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="453"/>
        <source>The conversation could not be loaded: %1</source>
        <translation>Die Konversation konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="471"/>
        <source>Set your name (Settings › Reviewer) before approving: every approval is signed by a person.</source>
        <translation>Legen Sie vor dem Freigeben Ihren Namen fest (Einstellungen › Prüfer): Jede Freigabe wird von einer Person unterzeichnet.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="473"/>
        <source>Chatwoot is not connected yet.</source>
        <translation>Chatwoot ist noch nicht verbunden.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="504"/>
        <source>Sent (it had already reached Chatwoot; not sent twice).</source>
        <translation>Gesendet (sie hatte Chatwoot bereits erreicht; nicht doppelt gesendet).</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="504"/>
        <source>Sent.</source>
        <translation>Gesendet.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="505"/>
        <source>Rejected; the reason was recorded.</source>
        <translation>Abgelehnt; die Begründung wurde gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="508"/>
        <source>The learning signal waits locally until the database is back.</source>
        <translation>Das Lernsignal wartet lokal, bis die Datenbank wieder erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="511"/>
        <source>sending the reply</source>
        <translation>Antwort wird gesendet</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="511"/>
        <source>recording the rejection</source>
        <translation>Ablehnung wird gespeichert</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="536"/>
        <source>%n reply(s) resumed and sent</source>
        <translation>
            <numerusform>%n Antwort fortgesetzt und gesendet</numerusform>
            <numerusform>%n Antworten fortgesetzt und gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="538"/>
        <source>%n reply(s) already in Chatwoot (recorded, not sent again)</source>
        <translation>
            <numerusform>%n Antwort bereits in Chatwoot (gespeichert, nicht erneut gesendet)</numerusform>
            <numerusform>%n Antworten bereits in Chatwoot (gespeichert, nicht erneut gesendet)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="541"/>
        <source>%n learning signal(s) saved</source>
        <translation>
            <numerusform>%n Lernsignal gespeichert</numerusform>
            <numerusform>%n Lernsignale gespeichert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="39"/>
        <source>Chatwoot cannot be reached, so there are no conversations to show. CX Pilot keeps trying.</source>
        <translation>Chatwoot ist nicht erreichbar, daher gibt es keine Konversationen anzuzeigen. CX Pilot versucht es weiter.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="41"/>
        <source>Connect to Chatwoot in File › Settings… to see your conversations here.</source>
        <translation>Verbinden Sie sich unter Datei › Einstellungen… mit Chatwoot, um Ihre Konversationen hier zu sehen.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="43"/>
        <source>Connecting to Chatwoot…</source>
        <translation>Verbindung mit Chatwoot wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="45"/>
        <source>No conversations to show.</source>
        <translation>Keine Konversationen anzuzeigen.</translation>
    </message>
    <message>
        <location filename="../src/app/MainWindowConnection.cpp" line="61"/>
        <source>Chatwoot cannot be reached at %1. Check the network connection and the Chatwoot URL in File › Settings… (Test connection shows which check fails). CX Pilot keeps trying.</source>
        <translation>Chatwoot ist unter %1 nicht erreichbar. Prüfen Sie die Netzwerkverbindung und die Chatwoot-URL unter Datei › Einstellungen… (Verbindung testen zeigt, welche Prüfung fehlschlägt). CX Pilot versucht es weiter.</translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageBanner</name>
    <message>
        <location filename="../src/app/MessageBanner.cpp" line="22"/>
        <location filename="../src/app/MessageBanner.cpp" line="23"/>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageDelegate</name>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="60"/>
        <source>Attachment: %1</source>
        <translation>Anhang: %1</translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="67"/>
        <source>Private note</source>
        <translation>Private Notiz</translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="69"/>
        <source>CX Pilot draft · private note</source>
        <translation>CX-Pilot-Entwurf · private Notiz</translation>
    </message>
</context>
<context>
    <name>cx::gui::NotificationCenter</name>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="86"/>
        <source>Show window</source>
        <translation>Fenster anzeigen</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="89"/>
        <source>Pause notifications</source>
        <translation>Benachrichtigungen pausieren</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="97"/>
        <source>No notification when a waiting conversation nears or passes its reply-time target</source>
        <translation>Keine Benachrichtigung, wenn sich eine wartende Konversation ihrem Antwortzeit-Ziel nähert oder es überschreitet</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="99"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="154"/>
        <source>CX Pilot — no drafts waiting</source>
        <translation>CX Pilot — keine wartenden Entwürfe</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="155"/>
        <source>CX Pilot — %n draft(s) waiting for review</source>
        <translation>
            <numerusform>CX Pilot — %n Entwurf wartet auf Prüfung</numerusform>
            <numerusform>CX Pilot — %n Entwürfe warten auf Prüfung</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="161"/>
        <source>No drafts waiting</source>
        <translation>Keine wartenden Entwürfe</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="161"/>
        <source>%n draft(s) waiting</source>
        <translation>
            <numerusform>%n Entwurf wartet</numerusform>
            <numerusform>%n Entwürfe warten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="164"/>
        <source>Notifications paused</source>
        <translation>Benachrichtigungen pausiert</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="211"/>
        <source>%n new draft(s) to review</source>
        <translation>
            <numerusform>%n neuer Entwurf zu prüfen</numerusform>
            <numerusform>%n neue Entwürfe zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="212"/>
        <source>For %1</source>
        <translation>Für %1</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="216"/>
        <source>New draft for %1</source>
        <translation>Neuer Entwurf für %1</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="206"/>
        <location filename="../src/app/NotificationCenter.cpp" line="237"/>
        <source>a customer</source>
        <translation>einen Kunden</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="39"/>
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 und %n weitere</numerusform>
            <numerusform>%1 und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="93"/>
        <source>&amp;Pause SLA alerts</source>
        <translation>SLA-Warnungen &amp;pausieren</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="219"/>
        <source>High risk</source>
        <translation>Hohes Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="221"/>
        <source>Medium risk</source>
        <translation>Mittleres Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="223"/>
        <source>Low risk</source>
        <translation>Geringes Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="225"/>
        <source>A reply is ready for review.</source>
        <translation>Eine Antwort ist bereit zur Prüfung.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="245"/>
        <source>%n past the reply-time target</source>
        <translation>
            <numerusform>%n hat das Antwortzeit-Ziel überschritten</numerusform>
            <numerusform>%n haben das Antwortzeit-Ziel überschritten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="246"/>
        <source>%n conversation(s) waiting too long</source>
        <translation>
            <numerusform>%n Konversation wartet zu lange</numerusform>
            <numerusform>%n Konversationen warten zu lange</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="253"/>
        <source>Reply-time target missed: %1</source>
        <translation>Antwortzeit-Ziel verfehlt: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="254"/>
        <source>Waiting for %n minute(s), past the target.</source>
        <translation>
            <numerusform>Wartet seit %n Minute, Ziel überschritten.</numerusform>
            <numerusform>Wartet seit %n Minuten, Ziel überschritten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="256"/>
        <source>Reply soon: %1</source>
        <translation>Bald antworten: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="257"/>
        <source>Waiting for %n minute(s), over 75 % of the reply-time target.</source>
        <translation>
            <numerusform>Wartet seit %n Minute, über 75 % des Antwortzeit-Ziels.</numerusform>
            <numerusform>Wartet seit %n Minuten, über 75 % des Antwortzeit-Ziels.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="286"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
</context>
<context>
    <name>cx::gui::RejectDialog</name>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="24"/>
        <source>Wrong facts</source>
        <translation>Falsche Fakten</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="25"/>
        <source>Wrong tone</source>
        <translation>Falscher Ton</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="26"/>
        <source>Against policy</source>
        <translation>Verstößt gegen Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="27"/>
        <source>Not needed</source>
        <translation>Nicht nötig</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="28"/>
        <source>Other</source>
        <translation>Anderes</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="51"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="67"/>
        <source>&amp;Details:</source>
        <translation>&amp;Details:</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="71"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="87"/>
        <source>Reject with this reason (Ctrl+Enter)</source>
        <translation>Mit diesem Grund ablehnen (Strg+Eingabe)</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="137"/>
        <source>Say why (required for Other)</source>
        <translation>Begründen Sie (nötig bei „Anderes“)</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="137"/>
        <source>Optional: what was wrong</source>
        <translation>Optional: was war falsch</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="138"/>
        <source>Describe the reason to reject with &quot;Other&quot;.</source>
        <translation>Beschreiben Sie den Grund, um mit „Anderes“ abzulehnen.</translation>
    </message>
    <message>
        <location filename="../src/app/RejectDialog.cpp" line="139"/>
        <source>Ctrl+Enter rejects the draft, Esc cancels.</source>
        <translation>Strg+Eingabe lehnt den Entwurf ab, Esc bricht ab.</translation>
    </message>
</context>
<context>
    <name>cx::gui::ReliabilityPanel</name>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="44"/>
        <source>Confidence calibration</source>
        <translation>Konfidenzkalibrierung</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="49"/>
        <source>Reliability: confidence against drafts sent without major edits</source>
        <translation>Zuverlässigkeit: Konfidenz gegenüber ohne größere Änderungen gesendeten Entwürfen</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="54"/>
        <source>Reliability diagram</source>
        <translation>Zuverlässigkeitsdiagramm</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="55"/>
        <source>No calibration yet.</source>
        <translation>Noch keine Kalibrierung.</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="58"/>
        <source>Refit calibration</source>
        <translation>Kalibrierung neu anpassen</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="60"/>
        <source>Learn the map from the drafter&apos;s confidence to the observed share of drafts sent with minor or no edits, from every reviewed draft so far.</source>
        <translation>Die Zuordnung von der Konfidenz des Entwurfsgenerators zum beobachteten Anteil der mit kleinen oder ohne Änderungen gesendeten Entwürfe lernen, aus allen bisher geprüften Entwürfen.</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="147"/>
        <source>Perfect calibration</source>
        <translation>Perfekte Kalibrierung</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="154"/>
        <source>Raw confidence</source>
        <translation>Rohe Konfidenz</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="156"/>
        <source>Calibrated</source>
        <translation>Kalibriert</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="159"/>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="162"/>
        <source>Observed</source>
        <translation>Beobachtet</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="176"/>
        <source>Not fitted yet (reviewed drafts with a confidence: %1).</source>
        <translation>Noch nicht angepasst (geprüfte Entwürfe mit Konfidenz: %1).</translation>
    </message>
    <message>
        <location filename="../src/app/ReliabilityPanel.cpp" line="180"/>
        <source>Expected calibration error %1 raw, %2 calibrated (cross-validated); fitted %3 by %4, sample size %5.</source>
        <translation>Erwarteter Kalibrierungsfehler %1 roh, %2 kalibriert (kreuzvalidiert); angepasst %3 von %4, Stichprobengröße %5.</translation>
    </message>
</context>
<context>
    <name>cx::gui::ReportExporter</name>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="63"/>
        <source>Export PDF report</source>
        <translation>PDF-Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="63"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="66"/>
        <source>Export learning signals (CSV)</source>
        <translation>Lernsignale exportieren (CSV)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="66"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="71"/>
        <source>Export fine-tuning data (JSONL)</source>
        <translation>Fine-Tuning-Daten exportieren (JSONL)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="71"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="116"/>
        <source>Export finished</source>
        <translation>Export abgeschlossen</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="117"/>
        <source>%1
Saved to %2</source>
        <translation>%1
Gespeichert unter %2</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="122"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="141"/>
        <source>Preparing the export…</source>
        <translation>Export wird vorbereitet…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="141"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="143"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="164"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="215"/>
        <source>Computing the metrics…</source>
        <translation>Kennzahlen werden berechnet…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="225"/>
        <source>Selecting the worst-graded replies…</source>
        <translation>Am schlechtesten bewertete Antworten werden ausgewählt…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="235"/>
        <source>Writing the PDF…</source>
        <translation>PDF wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="242"/>
        <source>Inbox %1</source>
        <translation>Posteingang %1</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="245"/>
        <source>Reviewer %1</source>
        <translation>Prüfer %1</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="257"/>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="258"/>
        <location filename="../src/app/ReportExporter.cpp" line="307"/>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="259"/>
        <source>PDF report written.</source>
        <translation>PDF-Bericht geschrieben.</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="271"/>
        <source>Writing the learning signals…</source>
        <translation>Lernsignale werden geschrieben…</translation>
    </message>
    <message>
        <location filename="../src/app/ReportExporter.cpp" line="271"/>
        <source>Writing the fine-tuning examples…</source>
        <translation>Fine-Tuning-Beispiele werden geschrieben…</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="283"/>
        <source>%n learning signal(s) exported.</source>
        <translation>
            <numerusform>%n Lernsignal exportiert.</numerusform>
            <numerusform>%n Lernsignale exportiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="289"/>
        <source>%n training example(s) exported.</source>
        <translation>
            <numerusform>%n Trainingsbeispiel exportiert.</numerusform>
            <numerusform>%n Trainingsbeispiele exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::RewriteBar</name>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="21"/>
        <source>Rewrite:</source>
        <translation>Umschreiben:</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="24"/>
        <source>Shorter</source>
        <translation>Kürzer</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="25"/>
        <source>Friendlier</source>
        <translation>Freundlicher</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="26"/>
        <source>More formal</source>
        <translation>Förmlicher</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="27"/>
        <source>Fix grammar</source>
        <translation>Grammatik korrigieren</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="28"/>
        <location filename="../src/app/RewriteBar.cpp" line="105"/>
        <source>In the customer&apos;s language</source>
        <translation>In der Sprache des Kunden</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="35"/>
        <location filename="../src/app/RewriteBar.cpp" line="109"/>
        <source>Rewrite the draft: %1</source>
        <translation>Entwurf umschreiben: %1</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="47"/>
        <source>Rewriting…</source>
        <translation>Wird umgeschrieben…</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="99"/>
        <source>Rewriting is not available here.</source>
        <translation>Umschreiben ist hier nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="103"/>
        <source>The customer&apos;s language could not be recognised from their messages.</source>
        <translation>Die Sprache des Kunden konnte aus seinen Nachrichten nicht erkannt werden.</translation>
    </message>
    <message>
        <location filename="../src/app/RewriteBar.cpp" line="106"/>
        <source>In %1</source>
        <translation>Auf %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::SendConfirmation</name>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="17"/>
        <source>High risk: %1</source>
        <translation>Hohes Risiko: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="19"/>
        <source>High risk</source>
        <translation>Hohes Risiko</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="22"/>
        <source>Policy graded %1 of 5</source>
        <translation>Richtlinie mit %1 von 5 bewertet</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="28"/>
        <source>Please check before sending:</source>
        <translation>Bitte vor dem Senden prüfen:</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="31"/>
        <source>Send this reply?</source>
        <translation>Diese Antwort senden?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="33"/>
        <source>Send this reply to the customer anyway?</source>
        <translation>Diese Antwort trotzdem an den Kunden senden?</translation>
    </message>
    <message>
        <location filename="../src/app/SendConfirmation.cpp" line="34"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
</context>
<context>
    <name>cx::gui::SettingsDialog</name>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="39"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="44"/>
        <source>Settings pages</source>
        <translation>Einstellungsseiten</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="45"/>
        <source>Chatwoot</source>
        <translation>Chatwoot</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="46"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="47"/>
        <source>Review &amp;&amp; data</source>
        <translation>Prüfung &amp;&amp; Daten</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="48"/>
        <source>Targets</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="105"/>
        <source>Account ID: required with a Chatwoot URL</source>
        <translation>Konto-ID: bei einer Chatwoot-URL erforderlich</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="119"/>
        <source>Set by the environment variable %1</source>
        <translation>Durch die Umgebungsvariable %1 gesetzt</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="122"/>
        <location filename="../src/app/SettingsPages.cpp" line="86"/>
        <source>Set by the environment variable %1; unset it to change this here.</source>
        <translation>Durch die Umgebungsvariable %1 gesetzt; entfernen Sie sie, um dies hier zu ändern.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="155"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="157"/>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="158"/>
        <source>Delete the stored value from the keychain when you save</source>
        <translation>Den gespeicherten Wert beim Speichern aus dem Schlüsselbund löschen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="34"/>
        <source>Chatwoot URL</source>
        <translation>Chatwoot-URL</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="36"/>
        <source>https://chat.example.com</source>
        <translation>https://chat.example.com</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="39"/>
        <source>Account ID</source>
        <translation>Konto-ID</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="43"/>
        <source>the number after /app/accounts/ in Chatwoot&apos;s address</source>
        <translation>die Zahl nach /app/accounts/ in der Chatwoot-Adresse</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="47"/>
        <source>API access token</source>
        <translation>API-Zugriffstoken</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="48"/>
        <source>Webhook secret</source>
        <translation>Webhook-Geheimnis</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="51"/>
        <location filename="../src/app/SettingsPages.cpp" line="108"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="53"/>
        <source>Test the Chatwoot connection</source>
        <translation>Die Chatwoot-Verbindung testen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="56"/>
        <source>Chatwoot test result</source>
        <translation>Ergebnis des Chatwoot-Tests</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="78"/>
        <source>Draft replies with AI (AI_CUSTOMER_DRAFT_ENABLED)</source>
        <translation>Antworten mit KI entwerfen (AI_CUSTOMER_DRAFT_ENABLED)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="81"/>
        <source>The rollback switch: off, no draft is made and nothing changes in Chatwoot.</source>
        <translation>Der Notausschalter: Aus bedeutet, es wird kein Entwurf erstellt und in Chatwoot ändert sich nichts.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="92"/>
        <source>Drafting:</source>
        <translation>Entwürfe:</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="95"/>
        <source>Model endpoint</source>
        <translation>Modell-Endpunkt</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="97"/>
        <source>empty: offline drafter (simulated)</source>
        <translation>leer: Offline-Entwurfsgenerator (simuliert)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="99"/>
        <source>Any OpenAI-compatible server, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama).</source>
        <translation>Jeder OpenAI-kompatible Server, z. B. https://api.openai.com/v1 oder http://127.0.0.1:11434/v1 (Ollama).</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="102"/>
        <source>Model name</source>
        <translation>Modellname</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="103"/>
        <source>gpt-4o-mini</source>
        <translation>gpt-4o-mini</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="105"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="110"/>
        <source>Test the model endpoint</source>
        <translation>Den Modell-Endpunkt testen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="112"/>
        <source>Model test result</source>
        <translation>Ergebnis des Modelltests</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="131"/>
        <source>Reviewer name</source>
        <translation>Name des Prüfers</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="133"/>
        <source>who reviews on this computer</source>
        <translation>wer an diesem Computer prüft</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="135"/>
        <source>SLA (minutes)</source>
        <translation>SLA (Minuten)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="138"/>
        <source>The first reply to a customer is due within this many minutes.</source>
        <translation>Die erste Antwort an einen Kunden ist innerhalb so vieler Minuten fällig.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="139"/>
        <source>Edit-ratio threshold</source>
        <translation>Schwelle für den Bearbeitungsanteil</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="142"/>
        <source>0 to 1: a reply whose edits change less than this share of the draft counts as approved without major edits.</source>
        <translation>0 bis 1: Eine Antwort, deren Änderungen weniger als diesen Anteil des Entwurfs betreffen, gilt als ohne größere Änderungen freigegeben.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="145"/>
        <source>Database URL</source>
        <translation>Datenbank-URL</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="147"/>
        <source>sqlite:///path/cxpilot.db or postgresql://user@host:5432/db</source>
        <translation>sqlite:///pfad/cxpilot.db oder postgresql://benutzer@host:5432/db</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="150"/>
        <source>Database password</source>
        <translation>Datenbank-Passwort</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="158"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="159"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="165"/>
        <source>Takes effect the next time CX Pilot starts.</source>
        <translation>Wird beim nächsten Start von CX Pilot wirksam.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="170"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="182"/>
        <source>The North Star targets the dashboard measures against.</source>
        <translation>Die North-Star-Ziele, an denen das Dashboard misst.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="192"/>
        <source>Replies drafted by AI, at least</source>
        <translation>Von der KI entworfene Antworten, mindestens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="195"/>
        <source>Average tone grade, at least</source>
        <translation>Durchschnittliche Bewertung Ton, mindestens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="198"/>
        <source>Average accuracy grade, at least</source>
        <translation>Durchschnittliche Bewertung Genauigkeit, mindestens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="201"/>
        <source>Average policy grade, at least</source>
        <translation>Durchschnittliche Bewertung Richtlinien, mindestens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="204"/>
        <source>Median approval time, at most</source>
        <translation>Mittlere Freigabezeit, höchstens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="205"/>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="208"/>
        <source>Approved without major edits, at least</source>
        <translation>Ohne größere Änderungen freigegeben, mindestens</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="210"/>
        <source>SLA badge green from</source>
        <translation>SLA-Ampel grün ab</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsPages.cpp" line="213"/>
        <source>SLA badge yellow from</source>
        <translation>SLA-Ampel gelb ab</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="112"/>
        <source>database URL: leave the password out of the URL and type it in Database password below: it is kept in the keychain, not in the settings file</source>
        <translation>Datenbank-URL: Lassen Sie das Passwort in der URL weg und geben Sie es unten unter Datenbank-Passwort ein: Es wird im Schlüsselbund aufbewahrt, nicht in der Einstellungsdatei</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="159"/>
        <source>SLA badge: yellow (%1 %) must not be above green (%2 %)</source>
        <translation>SLA-Ampel: Gelb (%1 %) darf nicht über Grün (%2 %) liegen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="168"/>
        <source>A setting on this page needs attention</source>
        <translation>Eine Einstellung auf dieser Seite erfordert Aufmerksamkeit</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="261"/>
        <source>stored — type a new value to replace it</source>
        <translation>gespeichert — geben Sie einen neuen Wert ein, um ihn zu ersetzen</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="266"/>
        <source>type a value to store it</source>
        <translation>geben Sie einen Wert ein, um ihn zu speichern</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="269"/>
        <source>set by %1</source>
        <translation>gesetzt durch %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="273"/>
        <source>From environment %1</source>
        <translation>Aus der Umgebungsvariable %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="274"/>
        <source>The environment variable wins over the keychain; unset it to manage this secret here.</source>
        <translation>Die Umgebungsvariable hat Vorrang vor dem Schlüsselbund; entfernen Sie sie, um dieses Geheimnis hier zu verwalten.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="276"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="278"/>
        <source>Will be removed from the keychain when you save</source>
        <translation>Wird beim Speichern aus dem Schlüsselbund entfernt</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="281"/>
        <source>New value: replaces the stored one when you save</source>
        <translation>Neuer Wert: ersetzt beim Speichern den gespeicherten</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="282"/>
        <source>New value: stored in the keychain when you save</source>
        <translation>Neuer Wert: wird beim Speichern im Schlüsselbund abgelegt</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="286"/>
        <source>Checking the keychain…</source>
        <translation>Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="288"/>
        <source>Stored in keychain</source>
        <translation>Im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="290"/>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="292"/>
        <source>Keychain not available</source>
        <translation>Schlüsselbund nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsFormRows.cpp" line="294"/>
        <source>Could not read the keychain: %1</source>
        <translation>Der Schlüsselbund konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="62"/>
        <source>Enter a valid Chatwoot URL and account ID first.</source>
        <translation>Geben Sie zuerst eine gültige Chatwoot-URL und Konto-ID ein.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="71"/>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="94"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; Chatwoot %1</source>
        <translation>&lt;b&gt;Verbunden.&lt;/b&gt; Chatwoot %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="95"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Verbindung fehlgeschlagen.&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="114"/>
        <source>No model endpoint set: drafts come from the offline drafter (simulated).</source>
        <translation>Kein Modell-Endpunkt gesetzt: Entwürfe kommen vom Offline-Entwurfsgenerator (simuliert).</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="120"/>
        <source>Enter a valid model endpoint and model name first.</source>
        <translation>Geben Sie zuerst einen gültigen Modell-Endpunkt und Modellnamen ein.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="135"/>
        <source>Asking %1 at %2…</source>
        <translation>%1 unter %2 wird gefragt…</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="155"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; %1 answered in %2 ms</source>
        <translation>&lt;b&gt;Verbunden.&lt;/b&gt; %1 hat in %2 ms geantwortet</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="158"/>
        <source> (with no text; finish reason %1)</source>
        <translation> (ohne Text; Abbruchgrund %1)</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="159"/>
        <source>: “%1”</source>
        <translation>: „%1“</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="168"/>
        <source>The API key was refused.</source>
        <translation>Der API-Schlüssel wurde abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="171"/>
        <source>Check the endpoint (it usually ends in /v1) and the model name.</source>
        <translation>Prüfen Sie den Endpunkt (er endet meist auf /v1) und den Modellnamen.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="176"/>
        <source>The server could not be reached.</source>
        <translation>Der Server war nicht erreichbar.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="181"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt; </source>
        <translation>&lt;b&gt;Verbindung fehlgeschlagen.&lt;/b&gt; </translation>
    </message>
    <message>
        <location filename="../src/app/SettingsConnectionTest.cpp" line="184"/>
        <source>API key: %1</source>
        <translation>API-Schlüssel: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="262"/>
        <source>Some settings need attention.</source>
        <translation>Einige Einstellungen erfordern Aufmerksamkeit.</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="283"/>
        <source>The settings file could not be written: %1</source>
        <translation>Die Einstellungsdatei konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="343"/>
        <source>The settings were saved, but a secret was not: %1</source>
        <translation>Die Einstellungen wurden gespeichert, ein Geheimnis aber nicht: %1</translation>
    </message>
</context>
<context>
    <name>cx::gui::ShortcutsDialog</name>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="31"/>
        <location filename="../src/app/ShortcutsDialog.cpp" line="39"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="34"/>
        <source>Filter shortcuts</source>
        <translation>Tastenkürzel filtern</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="35"/>
        <source>Filter…</source>
        <translation>Filtern…</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
</context>
<context>
    <name>cx::gui::ThreadMessageModel</name>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="52"/>
        <source>attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="53"/>
        <source>file</source>
        <translation>Datei</translation>
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
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="86"/>
        <source>reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="89"/>
        <source>private note</source>
        <translation>private Notiz</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="92"/>
        <source>CX Pilot draft, private note</source>
        <translation>CX-Pilot-Entwurf, private Notiz</translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="95"/>
        <source>activity</source>
        <translation>Aktivität</translation>
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
        <translation>Willkommen bei CX Pilot</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="26"/>
        <source>CX Pilot drafts replies to your customers from your knowledge base. A person reads, edits and grades every draft, and only an approved reply is sent. Connect it to your Chatwoot account, or look around first in a demo with a simulated Chatwoot and sample customers: nothing leaves this computer.</source>
        <translation>CX Pilot entwirft Antworten an Ihre Kunden aus Ihrer Wissensdatenbank. Ein Mensch liest, bearbeitet und bewertet jeden Entwurf, und nur eine freigegebene Antwort wird gesendet. Verbinden Sie es mit Ihrem Chatwoot-Konto, oder sehen Sie sich zuerst in einer Demo mit simuliertem Chatwoot und Beispielkunden um: Nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Connect to Chatwoot</source>
        <translation>Mit Chatwoot verbinden</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Enter your Chatwoot address, account ID and API access token.</source>
        <translation>Geben Sie Ihre Chatwoot-Adresse, Konto-ID und Ihr API-Zugriffstoken ein.</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>Try the demo</source>
        <translation>Demo ausprobieren</translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>A simulated Chatwoot with sample conversations and customers.</source>
        <translation>Ein simuliertes Chatwoot mit Beispielkonversationen und -kunden.</translation>
    </message>
</context>
<context>
    <name>cx::ingest</name>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="19"/>
        <source>--write-config: cannot write %1: %2</source>
        <translation>--write-config: %1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobQueue</name>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="94"/>
        <source>adding a job</source>
        <translation>Auftrag wird hinzugefügt</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="100"/>
        <source>reading a job&apos;s id</source>
        <translation>ID eines Auftrags wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="122"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="238"/>
        <source>re-queueing a job</source>
        <translation>Auftrag wird erneut eingereiht</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="147"/>
        <source>claiming a job</source>
        <translation>Auftrag wird übernommen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="162"/>
        <source>renewing a lease</source>
        <translation>Reservierung wird verlängert</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="164"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="181"/>
        <location filename="../src/core/ingest/JobQueue.cpp" line="205"/>
        <source>job %1 is no longer leased to %2</source>
        <translation>Auftrag %1 ist nicht mehr für %2 reserviert</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="179"/>
        <source>completing a job</source>
        <translation>Auftrag wird abgeschlossen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="203"/>
        <source>recording a failed job</source>
        <translation>fehlgeschlagener Auftrag wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="220"/>
        <source>releasing a job</source>
        <translation>Auftrag wird freigegeben</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="231"/>
        <source>job %1 is %2; only parked or queued jobs can be retried</source>
        <translation>Auftrag %1 ist %2; nur geparkte oder wartende Aufträge können wiederholt werden</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="240"/>
        <source>job %1 changed meanwhile; try again</source>
        <translation>Auftrag %1 wurde inzwischen geändert; versuchen Sie es erneut</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="250"/>
        <source>reading a job</source>
        <translation>Auftrag wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="252"/>
        <source>no job with id %1</source>
        <translation>kein Auftrag mit der ID %1</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="260"/>
        <source>counting jobs</source>
        <translation>Aufträge werden gezählt</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="284"/>
        <source>listing parked jobs</source>
        <translation>geparkte Aufträge werden aufgelistet</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobQueue.cpp" line="299"/>
        <source>reading the queue&apos;s lag</source>
        <translation>Rückstand der Warteschlange wird gelesen</translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobRunner</name>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="117"/>
        <source>Its lease expired %n time(s) (the worker died each time).</source>
        <translation>
            <numerusform>Seine Reservierung ist %n Mal abgelaufen (der Worker ist jedes Mal abgestürzt).</numerusform>
            <numerusform>Seine Reservierung ist %n Mal abgelaufen (der Worker ist jedes Mal abgestürzt).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="144"/>
        <source>%n waiting draft(s) superseded: %1</source>
        <translation>
            <numerusform>%n wartender Entwurf ersetzt: %1</numerusform>
            <numerusform>%n wartende Entwürfe ersetzt: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="160"/>
        <location filename="../src/core/ingest/JobRunner.cpp" line="215"/>
        <source>Could not read the conversation: %1</source>
        <translation>Die Konversation konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="176"/>
        <source>The earlier attempt&apos;s note was found and recorded.</source>
        <translation>Die Notiz des früheren Versuchs wurde gefunden und gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="205"/>
        <source>noted</source>
        <translation>Notiz gepostet</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="218"/>
        <source>no unanswered customer message</source>
        <translation>keine unbeantwortete Kundennachricht</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="244"/>
        <source>message %1 queued for a draft</source>
        <translation>Nachricht %1 für einen Entwurf eingereiht</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/JobRunner.cpp" line="245"/>
        <source>message %1 already has a live draft</source>
        <translation>Nachricht %1 hat bereits einen aktiven Entwurf</translation>
    </message>
</context>
<context>
    <name>cx::ingest::ServiceConfigFile</name>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="31"/>
        <source>it is not a regular file</source>
        <translation>es ist keine normale Datei</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="33"/>
        <source>permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="38"/>
        <source>the folder %1 does not exist</source>
        <translation>der Ordner %1 existiert nicht</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="40"/>
        <source>the folder %1 is not writable</source>
        <translation>der Ordner %1 ist nicht beschreibbar</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="52"/>
        <source>%1: the value cannot be written to an environment file (quote or newline)</source>
        <translation>%1: der Wert kann nicht in eine Umgebungsdatei geschrieben werden (Anführungszeichen oder Zeilenumbruch)</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceConfigFile.cpp" line="98"/>
        <source>cannot make it readable by its owner only</source>
        <translation>kann nicht nur für den Besitzer lesbar gemacht werden</translation>
    </message>
</context>
<context>
    <name>cx::ingest::ServiceRetention</name>
    <message>
        <location filename="../src/core/ingest/ServiceRetention.cpp" line="61"/>
        <source>pruning webhook deliveries</source>
        <translation>Webhook-Zustellungen bereinigen</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/ServiceRetention.cpp" line="69"/>
        <source>pruning finished jobs</source>
        <translation>abgeschlossene Aufträge bereinigen</translation>
    </message>
</context>
<context>
    <name>cx::ingest::WebhookIntake</name>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="129"/>
        <source>delivery for account %1, this service serves account %2</source>
        <translation>Zustellung für Konto %1, dieser Dienst bedient Konto %2</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="150"/>
        <source>recording the delivery</source>
        <translation>Zustellung wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="166"/>
        <source>linking the delivery to its job</source>
        <translation>Zustellung wird mit ihrem Auftrag verknüpft</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="181"/>
        <source>The delivery could not be recorded (database unavailable); nothing was stored.</source>
        <translation>Die Zustellung konnte nicht gespeichert werden (Datenbank nicht verfügbar); nichts wurde gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="189"/>
        <source>Delivery %1 was already received; not processed again.</source>
        <translation>Zustellung %1 wurde bereits empfangen; nicht erneut verarbeitet.</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="193"/>
        <source>accepted: %1 job %2</source>
        <translation>angenommen: %1-Auftrag %2</translation>
    </message>
    <message>
        <location filename="../src/core/ingest/WebhookIntake.cpp" line="196"/>
        <source>accepted, nothing to do: %1</source>
        <translation>angenommen, nichts zu tun: %1</translation>
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
        <translation>%1: Binärdatei, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="144"/>
        <source>%1: no text in the HTML, skipped</source>
        <translation>%1: kein Text im HTML, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="160"/>
        <source>%1: empty document, skipped</source>
        <translation>%1: leeres Dokument, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="182"/>
        <source>%1 line %2: not a JSON object (%3), skipped</source>
        <translation>%1 Zeile %2: kein JSON-Objekt (%3), übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="195"/>
        <source>%1 line %2: needs &quot;id&quot; and &quot;text&quot;, skipped</source>
        <translation>%1 Zeile %2: braucht „id“ und „text“, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="220"/>
        <source>%1: no such file or folder</source>
        <translation>%1: keine solche Datei und kein solcher Ordner</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="235"/>
        <source>%1: reading cancelled</source>
        <translation>%1: Lesen abgebrochen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="239"/>
        <source>%1: unsupported file type, skipped</source>
        <translation>%1: nicht unterstützter Dateityp, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="244"/>
        <source>%1: %2 is over the limit of %3 per file (--max-file-mb), skipped</source>
        <translation>%1: %2 überschreitet die Grenze von %3 pro Datei (--max-file-mb), übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="251"/>
        <source>%1: cannot read (%2), skipped</source>
        <translation>%1: nicht lesbar (%2), übersprungen</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeBase</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="53"/>
        <source>Ingest cancelled; the knowledge base is unchanged.</source>
        <translation>Einlesen abgebrochen; die Wissensdatenbank ist unverändert.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="148"/>
        <source>The stored embeddings were unreadable and will be computed again.</source>
        <translation>Die gespeicherten Embeddings waren nicht lesbar und werden neu berechnet.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="207"/>
        <source>%1: nothing ingested: %2</source>
        <translation>%1: nichts eingelesen: %2</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="256"/>
        <source>the knowledge base is not open</source>
        <translation>die Wissensdatenbank ist nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="264"/>
        <source>cannot copy the knowledge index to %1</source>
        <translation>der Wissensindex kann nicht nach %1 kopiert werden</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="274"/>
        <source>the knowledge index changed while it was copied; try again (%1)</source>
        <translation>der Wissensindex hat sich beim Kopieren geändert; versuchen Sie es erneut (%1)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="299"/>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="304"/>
        <source>cannot replace the knowledge index in %1</source>
        <translation>der Wissensindex in %1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="319"/>
        <source>%1: not a local path any more, ingest it again by hand</source>
        <translation>%1: kein lokaler Pfad mehr, bitte von Hand erneut einlesen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="460"/>
        <source>Semantic retrieval unavailable (%1): lexical results only.</source>
        <translation>Semantische Suche nicht verfügbar (%1): nur lexikalische Ergebnisse.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="500"/>
        <source>the embedding service returned no vector</source>
        <translation>der Embedding-Dienst hat keinen Vektor geliefert</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="515"/>
        <source>no embedding provider is configured; search stays lexical</source>
        <translation>kein Embedding-Anbieter konfiguriert; die Suche bleibt lexikalisch</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="567"/>
        <source>the embedding service returned %1 vectors for %2 texts</source>
        <translation>der Embedding-Dienst hat %1 Vektoren für %2 Texte geliefert</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="573"/>
        <source>embedding stopped after %n chunk(s) (%1); search stays lexical for the rest</source>
        <translation>
            <numerusform>Embeddings nach %n Abschnitt abgebrochen (%1); die Suche bleibt für den Rest lexikalisch</numerusform>
            <numerusform>Embeddings nach %n Abschnitten abgebrochen (%1); die Suche bleibt für den Rest lexikalisch</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="484"/>
        <source>cannot create the index folder %1</source>
        <translation>der Index-Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="500"/>
        <source>The knowledge index was unreadable (%1) and has been recreated empty; sources need to be ingested again.</source>
        <translation>Der Wissensindex war nicht lesbar (%1) und wurde leer neu angelegt; die Quellen müssen erneut eingelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="528"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="652"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="668"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="706"/>
        <source>the knowledge index is not open</source>
        <translation>der Wissensindex ist nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="543"/>
        <source>%1: duplicate document id, the last one wins</source>
        <translation>%1: doppelte Dokument-ID, das letzte gewinnt</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="555"/>
        <source>%1: no text to index, skipped</source>
        <translation>%1: kein Text zum Indexieren, übersprungen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="585"/>
        <source>ingesting %1 failed</source>
        <translation>Einlesen von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="659"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="679"/>
        <source>reading the knowledge index failed</source>
        <translation>Lesen des Wissensindex fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="716"/>
        <source>the knowledge index keeps changing; try again</source>
        <translation>der Wissensindex ändert sich ständig; versuchen Sie es erneut</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="721"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="725"/>
        <source>search failed</source>
        <translation>Suche fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex::Impl</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="425"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="437"/>
        <source>cannot open the knowledge index</source>
        <translation>der Wissensindex kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="750"/>
        <source>empty query: there is no text to search for</source>
        <translation>leere Anfrage: es gibt keinen Text zum Suchen</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="771"/>
        <source>empty query: the message has no searchable words</source>
        <translation>leere Anfrage: die Nachricht enthält keine durchsuchbaren Wörter</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::RetrievalEval</name>
    <message>
        <location filename="../src/core/knowledge/RetrievalEval.cpp" line="23"/>
        <source>cannot read %1 (%2)</source>
        <translation>%1 kann nicht gelesen werden (%2)</translation>
    </message>
</context>
<context>
    <name>cx::knowledge::VectorStore</name>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="34"/>
        <source>empty embedding for %1</source>
        <translation>leeres Embedding für %1</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="39"/>
        <source>embedding of dimension %1, expected %2</source>
        <translation>Embedding der Dimension %1, erwartet %2</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="110"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="122"/>
        <source>cannot write %1 (%2)</source>
        <translation>%1 kann nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="133"/>
        <source>cannot read %1 (%2)</source>
        <translation>%1 kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="140"/>
        <source>%1 is not a vector file</source>
        <translation>%1 ist keine Vektordatei</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="143"/>
        <source>%1: unsupported or corrupt header</source>
        <translation>%1: nicht unterstützter oder beschädigter Header</translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="148"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="160"/>
        <source>%1 is truncated</source>
        <translation>%1 ist abgeschnitten</translation>
    </message>
</context>
<context>
    <name>cx::learning</name>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="91"/>
        <source>A reply appears twice in the calibration session.</source>
        <translation>Eine Antwort kommt in der Kalibrierungssitzung doppelt vor.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="96"/>
        <source>A calibration session needs %1 to %2 sent replies (got %3).</source>
        <translation>Eine Kalibrierungssitzung braucht %1 bis %2 gesendete Antworten (erhalten: %3).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Calibration.cpp" line="173"/>
        <source>%1 (no interval)</source>
        <translation>%1 (kein Intervall)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/DriftMonitor.cpp" line="59"/>
        <source>reading grades for the drift check</source>
        <translation>Bewertungen für die Drift-Prüfung werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="29"/>
        <source>&quot;%1&quot; is not an experiment name (1-64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;)</source>
        <translation>„%1“ ist kein Experimentname (1–64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos; oder &apos;-&apos;)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="40"/>
        <source>--variants: &quot;%1&quot; names fewer than two variants (give PROMPT[@MODEL],PROMPT[@MODEL])</source>
        <translation>--variants: „%1“ nennt weniger als zwei Varianten (PROMPT[@MODEL],PROMPT[@MODEL] angeben)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="45"/>
        <source>--variants: at most 26 variants</source>
        <translation>--variants: höchstens 26 Varianten</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="56"/>
        <source>--variants: variant %1 is empty</source>
        <translation>--variants: Variante %1 ist leer</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="60"/>
        <source>--variants: &quot;%1&quot; is not a known prompt version (known: %2)</source>
        <translation>--variants: „%1“ ist keine bekannte Prompt-Version (bekannt: %2)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="64"/>
        <source>--variants: &quot;%1&quot; is not a model name</source>
        <translation>--variants: „%1“ ist kein Modellname</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="67"/>
        <source>--variants: &quot;%1&quot; is given twice</source>
        <translation>--variants: „%1“ ist doppelt angegeben</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="85"/>
        <source>--split: &quot;%1&quot; has %2 shares for %3 variants</source>
        <translation>--split: „%1“ hat %2 Anteile für %3 Varianten</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="96"/>
        <source>--split: &quot;%1&quot; is not a share from 1 to 100</source>
        <translation>--split: „%1“ ist kein Anteil von 1 bis 100</translation>
    </message>
    <message>
        <location filename="../src/core/learning/Experiment.cpp" line="102"/>
        <source>--split: the shares add up to %1, not 100</source>
        <translation>--split: Die Anteile ergeben %1, nicht 100</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="71"/>
        <source>approval without major edits</source>
        <translation>Freigabe ohne größere Änderungen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="73"/>
        <source>mean edit ratio</source>
        <translation>mittlere Änderungsquote</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="75"/>
        <source>tone grade</source>
        <translation>Bewertung Ton</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="77"/>
        <source>accuracy grade</source>
        <translation>Bewertung Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="79"/>
        <source>policy grade</source>
        <translation>Bewertung Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="81"/>
        <source>approval time</source>
        <translation>Freigabedauer</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="83"/>
        <source>rejection rate</source>
        <translation>Ablehnungsquote</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="108"/>
        <source>%1%2 pt</source>
        <translation>%1%2 Pp.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="110"/>
        <source>%1%2 s</source>
        <translation>%1%2 s</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="159"/>
        <source>%1 better on %2 with interval %3</source>
        <translation>%1 besser bei %2 mit Intervall %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="160"/>
        <source>%1 worse on %2 with interval %3</source>
        <translation>%1 schlechter bei %2 mit Intervall %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="165"/>
        <source>no detectable difference between %1 and A in %2 (interval %3)</source>
        <translation>kein feststellbarer Unterschied zwischen %1 und A bei %2 (Intervall %3)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentAnalysis.cpp" line="175"/>
        <source>not enough data yet: graded drafts %1 (at least %2 per variant before anything is decided)</source>
        <translation>noch nicht genug Daten: bewertete Entwürfe %1 (mindestens %2 je Variante, bevor etwas entschieden wird)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="139"/>
        <source>Experiment %1</source>
        <translation>Experiment %1</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="140"/>
        <source>%1 since %2, started by %3</source>
        <translation>%1 seit %2, gestartet von %3</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="141"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="141"/>
        <source>Stopped</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Variant</source>
        <translation>Variante</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Prompt version</source>
        <translation>Prompt-Version</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="147"/>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="148"/>
        <source>Graded</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="161"/>
        <source>%1 against %2</source>
        <translation>%1 gegen %2</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="162"/>
        <source>95 % interval (fixed n)</source>
        <translation>95-%-Intervall (festes n)</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="163"/>
        <source>Always-valid interval</source>
        <translation>Stets gültiges Intervall</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="163"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>better</source>
        <translation>besser</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>worse</source>
        <translation>schlechter</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="173"/>
        <source>undecided</source>
        <translation>unentschieden</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentReport.cpp" line="178"/>
        <source>Decision rule: a mixture sequential probability ratio test (normal mixture) with always-valid intervals, valid however often the status is looked at. Primary metric: approval without major edits; the other metrics are Bonferroni-adjusted.</source>
        <translation>Entscheidungsregel: ein sequenzieller Mischungs-Likelihood-Quotienten-Test (mSPRT, Normalmischung) mit stets gültigen Intervallen, gültig unabhängig davon, wie oft der Status angesehen wird. Primäre Metrik: Freigabe ohne größere Änderungen; die anderen Metriken sind Bonferroni-korrigiert.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="156"/>
        <source>Drafts like this were sent with minor or no edits %1 % of the time (n = %2).</source>
        <translation>Entwürfe wie dieser wurden in %1 % der Fälle mit kleinen oder ohne Änderungen gesendet (n = %2).</translation>
    </message>
</context>
<context>
    <name>cx::learning::CalibrationStore</name>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="63"/>
        <source>reading sent replies for calibration</source>
        <translation>Gesendete Antworten für die Kalibrierung werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="80"/>
        <source>A calibration session needs a name of 1 to 200 characters.</source>
        <translation>Eine Kalibrierungssitzung braucht einen Namen mit 1 bis 200 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="89"/>
        <source>Unknown sampling &quot;%1&quot; (expected picked or stratified).</source>
        <translation>Unbekannte Auswahlart „%1“ (erwartet: picked oder stratified).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="108"/>
        <source>&quot;%1&quot; is not a reply id.</source>
        <translation>„%1“ ist keine Antwort-ID.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="113"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="240"/>
        <source>checking a calibration item</source>
        <translation>Kalibrierungselement wird geprüft</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="118"/>
        <source>&quot;%1&quot; is not a sent reply, so it cannot be calibrated.</source>
        <translation>„%1“ ist keine gesendete Antwort und kann daher nicht kalibriert werden.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="129"/>
        <source>creating the calibration session</source>
        <translation>Kalibrierungssitzung wird erstellt</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="138"/>
        <source>adding a calibration item</source>
        <translation>Kalibrierungselement wird hinzugefügt</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="157"/>
        <source>reading calibration sessions</source>
        <translation>Kalibrierungssitzungen werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="180"/>
        <source>No calibration session &quot;%1&quot;.</source>
        <translation>Keine Kalibrierungssitzung „%1“.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="191"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="287"/>
        <source>reading calibration items</source>
        <translation>Kalibrierungselemente werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="207"/>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="225"/>
        <source>reading calibration progress</source>
        <translation>Kalibrierungsfortschritt wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="244"/>
        <source>Item %1 is not in this calibration session.</source>
        <translation>Element %1 gehört nicht zu dieser Kalibrierungssitzung.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="255"/>
        <source>saving the calibration grade</source>
        <translation>Kalibrierungsbewertung wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="259"/>
        <source>Item %1 is already graded by %2.</source>
        <translation>Element %1 ist bereits von %2 bewertet.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="312"/>
        <source>Only %1, who started this calibration session, can close it.</source>
        <translation>Nur wer diese Kalibrierungssitzung gestartet hat (%1), kann sie schließen.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="317"/>
        <source>The calibration session is already closed.</source>
        <translation>Die Kalibrierungssitzung ist bereits geschlossen.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="323"/>
        <source>closing the calibration session</source>
        <translation>Kalibrierungssitzung wird geschlossen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="329"/>
        <source>The calibration session could not be closed by %1.</source>
        <translation>Die Kalibrierungssitzung konnte von %1 nicht geschlossen werden.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="342"/>
        <source>The calibration session is still open: grades stay hidden until the lead closes it.</source>
        <translation>Die Kalibrierungssitzung ist noch offen: Die Bewertungen bleiben verborgen, bis die Leitung sie schließt.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/CalibrationStore.cpp" line="348"/>
        <source>reading calibration grades</source>
        <translation>Kalibrierungsbewertungen werden gelesen</translation>
    </message>
</context>
<context>
    <name>cx::learning::ExperimentStore</name>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="95"/>
        <source>An experiment needs at least two variants.</source>
        <translation>Ein Experiment braucht mindestens zwei Varianten.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="101"/>
        <source>Experiment &quot;%1&quot; is still running; stop it first (one experiment at a time).</source>
        <translation>Experiment „%1“ läuft noch; zuerst beenden (jeweils nur ein Experiment).</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="105"/>
        <source>An experiment named &quot;%1&quot; already exists.</source>
        <translation>Ein Experiment namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="121"/>
        <source>starting the experiment</source>
        <translation>Experiment wird gestartet</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="131"/>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="144"/>
        <source>Experiment &quot;%1&quot; is already stopped.</source>
        <translation>Experiment „%1“ ist bereits beendet.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="142"/>
        <source>stopping the experiment</source>
        <translation>Experiment wird beendet</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="155"/>
        <source>reading the experiment</source>
        <translation>Experiment wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="157"/>
        <source>There is no experiment named &quot;%1&quot;.</source>
        <translation>Es gibt kein Experiment namens „%1“.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="167"/>
        <source>reading the running experiment</source>
        <translation>Laufendes Experiment wird gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="178"/>
        <source>reading the experiments</source>
        <translation>Experimente werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="207"/>
        <source>recording the draft&apos;s experiment variant</source>
        <translation>Experimentvariante des Entwurfs wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="220"/>
        <source>reading the experiment&apos;s outcomes</source>
        <translation>Ergebnisse des Experiments werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/ExperimentStore.cpp" line="237"/>
        <source>reading the experiment&apos;s drafts</source>
        <translation>Entwürfe des Experiments werden gelesen</translation>
    </message>
</context>
<context>
    <name>cx::learning::IsotonicCalibrationStore</name>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="173"/>
        <source>reading the calibration data</source>
        <translation>Kalibrierungsdaten werden gelesen</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="187"/>
        <source>No reviewed drafts with a confidence yet: nothing to calibrate.</source>
        <translation>Noch keine geprüften Entwürfe mit Konfidenz: nichts zu kalibrieren.</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="199"/>
        <source>saving the calibration</source>
        <translation>Kalibrierung wird gespeichert</translation>
    </message>
    <message>
        <location filename="../src/core/learning/IsotonicCalibration.cpp" line="208"/>
        <source>reading the calibration</source>
        <translation>Kalibrierung wird gelesen</translation>
    </message>
</context>
<context>
    <name>cx::llm</name>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="122"/>
        <source>A chat request needs at least one message.</source>
        <translation>Eine Chat-Anfrage braucht mindestens eine Nachricht.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="127"/>
        <source>The schema name must be 1-64 of A-Z a-z 0-9 _ -.</source>
        <translation>Der Schemaname muss aus 1–64 Zeichen A-Z a-z 0-9 _ - bestehen.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="148"/>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="276"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="203"/>
        <source>The model server sent a stream event that is not JSON.</source>
        <translation>Der Modellserver hat ein Stream-Ereignis gesendet, das kein JSON ist.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="291"/>
        <source>The model server ended the stream early.</source>
        <translation>Der Modellserver hat den Stream vorzeitig beendet.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="304"/>
        <source>The model server&apos;s answer could not be read: %1</source>
        <translation>Die Antwort des Modellservers war nicht lesbar: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="29"/>
        <source>The model endpoint URL is not set or not valid.</source>
        <translation>Die URL des Modell-Endpunkts ist nicht gesetzt oder ungültig.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="32"/>
        <source>The model endpoint URL must start with http:// or https://.</source>
        <translation>Die URL des Modell-Endpunkts muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="35"/>
        <source>The model name is empty.</source>
        <translation>Der Modellname ist leer.</translation>
    </message>
</context>
<context>
    <name>cx::llm::ApiErrorParser</name>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="82"/>
        <source>The model server answered HTTP %1 without an error message.</source>
        <translation>Der Modellserver hat HTTP %1 ohne Fehlermeldung geantwortet.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="84"/>
        <source>The model provider reports that the account&apos;s quota is used up (insufficient_quota). Check the plan and billing; this is not retried. Server said: %1</source>
        <translation>Der Modellanbieter meldet, dass das Kontingent des Kontos aufgebraucht ist (insufficient_quota). Prüfen Sie Tarif und Abrechnung; es wird nicht wiederholt. Der Server sagte: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="108"/>
        <source>The model server answered HTTP %1 with a body that is not an error object: %2</source>
        <translation>Der Modellserver hat HTTP %1 mit einem Inhalt geantwortet, der kein Fehlerobjekt ist: %2</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="110"/>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="120"/>
        <source>The model server did not answer in time.</source>
        <translation>Der Modellserver hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="123"/>
        <source>TLS handshake with the model server failed: %1</source>
        <translation>TLS-Handshake mit dem Modellserver fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="126"/>
        <source>The request to the model server was cancelled.</source>
        <translation>Die Anfrage an den Modellserver wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="129"/>
        <source>Could not reach the model server: %1</source>
        <translation>Der Modellserver war nicht erreichbar: %1</translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="141"/>
        <source>The model server failed while streaming: %1</source>
        <translation>Der Modellserver ist beim Streamen ausgefallen: %1</translation>
    </message>
</context>
<context>
    <name>cx::llm::EmbeddingJob</name>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="42"/>
        <source>The embedding model name is empty.</source>
        <translation>Der Name des Embedding-Modells ist leer.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="45"/>
        <source>Input %1 to embed is empty; the API rejects empty inputs.</source>
        <translation>Eingabe %1 zum Einbetten ist leer; die API lehnt leere Eingaben ab.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="74"/>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="107"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="132"/>
        <source>expected %1 vectors, got %2</source>
        <translation>%1 Vektoren erwartet, %2 erhalten</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="140"/>
        <source>bad or repeated index %1 or an empty vector</source>
        <translation>ungültiger oder doppelter Index %1 oder ein leerer Vektor</translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="153"/>
        <source>The embeddings answer could not be used: %1</source>
        <translation>Die Embedding-Antwort war nicht verwendbar: %1</translation>
    </message>
</context>
<context>
    <name>cx::metrics</name>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="23"/>
        <source>source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="28"/>
        <source>p90 %1 · mean %2</source>
        <translation>p90 %1 · Mittel %2</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="55"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="57"/>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="58"/>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="71"/>
        <source>reviewed drafts: %1</source>
        <translation>geprüfte Entwürfe: %1</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="77"/>
        <source>Customer replies</source>
        <translation>Kundenantworten</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="79"/>
        <source>%1 AI-drafted · %2 manual · %3 unanswered · %4</source>
        <translation>%1 von der KI entworfen · %2 manuell · %3 unbeantwortet · %4</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="87"/>
        <source>Drafted by AI</source>
        <translation>Von der KI entworfen</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="89"/>
        <source>%1 of %2 replies · %3</source>
        <translation>%1 von %2 Antworten · %3</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="93"/>
        <source>Overall grade</source>
        <translation>Gesamtbewertung</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="95"/>
        <source>T %1 · A %2 · P %3</source>
        <translation>T %1 · G %2 · R %3</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="101"/>
        <source>Average tone</source>
        <translation>Durchschnittlicher Ton</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="107"/>
        <source>Average accuracy</source>
        <translation>Durchschnittliche Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="113"/>
        <source>Average policy</source>
        <translation>Durchschnittliche Richtlinientreue</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="119"/>
        <source>SLA compliance</source>
        <translation>SLA-Einhaltung</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="121"/>
        <source>%1 · %2 of %3 within %4 min</source>
        <translation>%1 · %2 von %3 innerhalb von %4 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="129"/>
        <source>First response (median)</source>
        <translation>Erste Antwort (Median)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="135"/>
        <source>Approval time (median)</source>
        <translation>Freigabezeit (Median)</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="141"/>
        <source>Approved w/o major edits</source>
        <translation>Ohne größere Änderungen freigegeben</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="143"/>
        <source>reviewed drafts: %1 of %2</source>
        <translation>geprüfte Entwürfe: %1 von %2</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="147"/>
        <source>Average edit ratio</source>
        <translation>Mittlerer Bearbeitungsanteil</translation>
    </message>
    <message>
        <location filename="../src/core/metrics/ShownFigures.cpp" line="149"/>
        <source>mean edit distance: %1 characters</source>
        <translation>mittlere Editierdistanz: %1 Zeichen</translation>
    </message>
</context>
<context>
    <name>cx::pipeline::DraftPipeline</name>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="133"/>
        <source>Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false).</source>
        <translation>Entwürfe sind ausgeschaltet (AI_CUSTOMER_DRAFT_ENABLED=false).</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="138"/>
        <source>Could not read the conversation: %1</source>
        <translation>Die Konversation konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="146"/>
        <source>The message is not in the conversation.</source>
        <translation>Die Nachricht ist nicht in der Konversation.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="158"/>
        <source>An agent already replied after this message.</source>
        <translation>Ein Agent hat nach dieser Nachricht bereits geantwortet.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="161"/>
        <source>The customer wrote again; the newer message is drafted instead.</source>
        <translation>Der Kunde hat erneut geschrieben; stattdessen wird die neuere Nachricht entworfen.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="233"/>
        <source>This message already has a draft (made here or by another process).</source>
        <translation>Diese Nachricht hat bereits einen Entwurf (hier oder von einem anderen Prozess erstellt).</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="251"/>
        <source>The draft could not be generated: %1</source>
        <translation>Der Entwurf konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="317"/>
        <source>The new draft is the same as before; no second private note was posted.</source>
        <translation>Der neue Entwurf ist unverändert; es wurde keine zweite private Notiz gepostet.</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="330"/>
        <source>The private note could not be posted: %1</source>
        <translation>Die private Notiz konnte nicht gepostet werden: %1</translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="340"/>
        <source>The private note may not have arrived (%1); it will be retried.</source>
        <translation>Die private Notiz ist möglicherweise nicht angekommen (%1); es wird erneut versucht.</translation>
    </message>
</context>
<context>
    <name>cx::reports</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="607"/>
        <source>the PDF report needs a QGuiApplication (the offscreen platform is enough)</source>
        <translation>der PDF-Bericht braucht eine QGuiApplication (die Offscreen-Plattform genügt)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="613"/>
        <source>cannot write %1: the folder %2 does not exist</source>
        <translation>%1 kann nicht geschrieben werden: Der Ordner %2 existiert nicht</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="616"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="631"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="623"/>
        <source>Support quality report</source>
        <translation>Bericht zur Support-Qualität</translation>
    </message>
</context>
<context>
    <name>cx::reports::Renderer</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="108"/>
        <source>could not start the PDF</source>
        <translation>das PDF konnte nicht begonnen werden</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="139"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="258"/>
        <source>Support quality report</source>
        <translation>Bericht zur Support-Qualität</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="159"/>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="162"/>
        <source>Generated %1 UTC</source>
        <translation>Erstellt %1 UTC</translation>
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
        <translation>Posteingang %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="189"/>
        <source>all inboxes</source>
        <translation>alle Posteingänge</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="191"/>
        <source>reviewer %1</source>
        <translation>Prüfer %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="192"/>
        <source>SLA %1 min</source>
        <translation>SLA %1 Min.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="273"/>
        <source>No reviewed replies in this range: there is nothing to measure yet.</source>
        <translation>Keine geprüften Antworten in diesem Zeitraum: Es gibt noch nichts zu messen.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="307"/>
        <source>North Star targets</source>
        <translation>North-Star-Ziele</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Actual</source>
        <translation>Ist</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Goal</source>
        <translation>Soll</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="310"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="347"/>
        <source>SLA compliance (badge)</source>
        <translation>SLA-Einhaltung (Ampel)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="348"/>
        <source>≥ %1 % green</source>
        <translation>≥ %1 % grün</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="354"/>
        <source>Top rejection reasons</source>
        <translation>Häufigste Ablehnungsgründe</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="359"/>
        <source>No rejected drafts with a reason in this range.</source>
        <translation>Keine abgelehnten Entwürfe mit Begründung in diesem Zeitraum.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="384"/>
        <source>Trends and distributions</source>
        <translation>Trends und Verteilungen</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="386"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="386"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="387"/>
        <source>Policy</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="387"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="400"/>
        <source>Average grades per day (1–5)</source>
        <translation>Durchschnittliche Bewertungen pro Tag (1–5)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="401"/>
        <source>policy target %1</source>
        <translation>Richtlinienziel %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="407"/>
        <source>SLA compliance per day (first reply within %1 min)</source>
        <translation>SLA-Einhaltung pro Tag (erste Antwort innerhalb von %1 Min.)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="409"/>
        <source>green %1 %</source>
        <translation>grün %1 %</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="410"/>
        <source>yellow %1 %</source>
        <translation>gelb %1 %</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="417"/>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="426"/>
        <source>Edit ratio (share of the draft changed)</source>
        <translation>Bearbeitungsanteil (geänderter Anteil des Entwurfs)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="428"/>
        <source>Approvals</source>
        <translation>Freigaben</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="440"/>
        <source>Approval time (draft ready → approved)</source>
        <translation>Freigabezeit (Entwurf bereit → freigegeben)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="471"/>
        <source>(not sent — rejected%1)</source>
        <translation>(nicht gesendet — abgelehnt%1)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="515"/>
        <source>Worst-graded replies</source>
        <translation>Am schlechtesten bewertete Antworten</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="520"/>
        <source>Lowest tone + accuracy + policy first. Left: the AI draft; right: what was sent.</source>
        <translation>Niedrigste Summe aus Ton, Genauigkeit und Richtlinien zuerst. Links: der KI-Entwurf; rechts: was gesendet wurde.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="524"/>
        <source>No reviewed replies in this range.</source>
        <translation>Keine geprüften Antworten in diesem Zeitraum.</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="531"/>
        <source>Worst-graded replies (continued)</source>
        <translation>Am schlechtesten bewertete Antworten (Fortsetzung)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="547"/>
        <source>%1 — tone %2 · accuracy %3 · policy %4</source>
        <translation>%1 — Ton %2 · Genauigkeit %3 · Richtlinie %4</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="549"/>
        <source>Conversation %1</source>
        <translation>Konversation %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="550"/>
        <source>%1 (conversation %2)</source>
        <translation>%1 (Konversation %2)</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="558"/>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="558"/>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="562"/>
        <source>%1 by %2 on %3 UTC%4</source>
        <translation>%1 von %2 am %3 UTC%4</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="567"/>
        <source> · reason: %1</source>
        <translation> · Begründung: %1</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="574"/>
        <source>AI DRAFT</source>
        <translation>KI-ENTWURF</translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="574"/>
        <source>SENT REPLY</source>
        <translation>GESENDETE ANTWORT</translation>
    </message>
</context>
<context>
    <name>cx::review</name>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="82"/>
        <location filename="../src/core/review/Grades.cpp" line="113"/>
        <source>%1 grade is missing: give a whole number from 1 to 5.</source>
        <translation>Die Bewertung %1 fehlt: Geben Sie eine ganze Zahl von 1 bis 5 an.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="158"/>
        <source>Tone</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="160"/>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="162"/>
        <source>Policy</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="171"/>
        <source>Friendly, professional, aligned with the brand voice</source>
        <translation>Freundlich, professionell, im Ton der Marke</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="173"/>
        <source>Factually correct, addresses the customer&apos;s need</source>
        <translation>Sachlich richtig, geht auf das Anliegen des Kunden ein</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="175"/>
        <source>Follows company policies and guidelines</source>
        <translation>Hält die Richtlinien und Vorgaben des Unternehmens ein</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="184"/>
        <source>Unacceptable: complete rewrite needed</source>
        <translation>Inakzeptabel: komplette Neufassung nötig</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="186"/>
        <source>Below standard: significant issues</source>
        <translation>Unter dem Standard: erhebliche Mängel</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="188"/>
        <source>Acceptable: needs work</source>
        <translation>Akzeptabel: muss überarbeitet werden</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="190"/>
        <source>Good: minor improvements possible</source>
        <translation>Gut: kleine Verbesserungen möglich</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="192"/>
        <source>Excellent: a perfect example of quality</source>
        <translation>Ausgezeichnet: ein perfektes Beispiel für Qualität</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="212"/>
        <source>A reviewer&apos;s name is required.</source>
        <translation>Ein Name des Prüfers ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="217"/>
        <source>The reviewer&apos;s name is longer than %1 characters.</source>
        <translation>Der Name des Prüfers ist länger als %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="223"/>
        <source>The reviewer&apos;s name contains a control character.</source>
        <translation>Der Name des Prüfers enthält ein Steuerzeichen.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="228"/>
        <source>The reviewer&apos;s name must contain a letter.</source>
        <translation>Der Name des Prüfers muss einen Buchstaben enthalten.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="261"/>
        <source>&quot;%1&quot; is not a person&apos;s name: the reviewer must be named.</source>
        <translation>„%1“ ist kein Personenname: Der Prüfer muss benannt werden.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="270"/>
        <source>The reply is empty.</source>
        <translation>Die Antwort ist leer.</translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="276"/>
        <source>The reply is longer than %1 characters, the most Chatwoot accepts.</source>
        <translation>Die Antwort ist länger als %1 Zeichen, das Maximum, das Chatwoot annimmt.</translation>
    </message>
</context>
</TS>
