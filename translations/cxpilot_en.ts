<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Chatwoot</name>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="296"/>
        <source>The conversation list has no payload array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="310"/>
        <source>The message list has no payload array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="403"/>
        <source>Invalid JSON at offset %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/ChatwootJson.cpp" line="408"/>
        <source>Expected a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="15"/>
        <source>Usage: cxpilot audit verify [--database URL]
       cxpilot audit export --out FILE.jsonl [--database URL]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="33"/>
        <source>audit export needs --out FILE.jsonl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="41"/>
        <source>Exported %1 audit entries to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="54"/>
        <source>Audit log BROKEN at entry %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="60"/>
        <source>Audit log intact: %1 entries, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/AuditCommand.cpp" line="68"/>
        <source>check the audit log&apos;s hash chain, or export it as JSON lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="14"/>
        <source>Usage: cxpilot [--demo] [COMMAND [ARGS...]]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="15"/>
        <source>Without a command, cxpilot opens the desktop app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="16"/>
        <source>  --demo      open the app on the built-in sandbox (simulated Chatwoot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="18"/>
        <source>print the version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="19"/>
        <source>this text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="20"/>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/CliMain.cpp" line="59"/>
        <source>Unknown command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DbCommand.cpp" line="14"/>
        <source>Usage: cxpilot db migrate|version [--database URL]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DbCommand.cpp" line="26"/>
        <source>Database %1: schema version %2 (latest %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DbCommand.cpp" line="35"/>
        <source>create or update the database schema; prints its version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="198"/>
        <source>draft a reply (dry run; --post-note posts it as a private note)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="207"/>
        <source>quality report (PDF), metrics and learning signals (CSV), fine-tuning data (JSONL)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftView</name>
    <message>
        <location filename="../src/app/DraftView.cpp" line="122"/>
        <source>Draft %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="21"/>
        <source>Run on the built-in sandbox with a throw-away database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="23"/>
        <source>Quit after N milliseconds (smoke tests).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/GuiMain.cpp" line="25"/>
        <source>Database URL (sqlite:///path or postgresql://...).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="65"/>
        <source>Chatwoot at %1 (account %2), checked %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="83"/>
        <source>Result: all probes up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/HealthReport.cpp" line="84"/>
        <source>Result: something is DOWN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <location filename="../src/core/metrics/QualityReport.cpp" line="25"/>
        <source>0 (unedited)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="58"/>
        <source>Replies drafted by AI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="60"/>
        <source>Average tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="62"/>
        <source>Average accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="64"/>
        <source>Average policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="66"/>
        <source>Median approval time (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="68"/>
        <source>Approved without major edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="77"/>
        <source>met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="79"/>
        <source>not met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="81"/>
        <source>not enough data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="90"/>
        <source>green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="92"/>
        <source>yellow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="94"/>
        <source>red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/metrics/TargetCheck.cpp" line="96"/>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <location filename="../src/core/pipeline/DrafterAdapter.cpp" line="124"/>
        <source>The drafter produced no reply.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="94"/>
        <source>Only reply drafts can be approved and sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="138"/>
        <source>Draft %1 is %2: only an approved draft is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="226"/>
        <source>A rejection needs a reason: it is what the drafter learns from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/ApprovalFlow.cpp" line="293"/>
        <source>Draft %1 is %2: there is nothing to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="68"/>
        <source>writing the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/AuditLog.cpp" line="115"/>
        <location filename="../src/core/review/AuditLog.cpp" line="121"/>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="157"/>
        <source>saving the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="167"/>
        <source>reading a draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="170"/>
        <source>No draft with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="237"/>
        <source>updating the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="248"/>
        <source>This draft was superseded: the customer wrote again and a newer draft replaces it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="253"/>
        <source>This draft was already approved by %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="257"/>
        <source>This draft was already rejected by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/DraftStore.cpp" line="261"/>
        <source>This draft is %1, not ready for that step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="153"/>
        <source>saving the learning signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="168"/>
        <source>row %1 (draft %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/LearningSignal.cpp" line="204"/>
        <source>queueing the learning signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="35"/>
        <source>No approved reply is waiting to be sent for draft %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="43"/>
        <source>This reply is being sent right now; it will not be sent twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="63"/>
        <source>Could not check whether the reply already reached Chatwoot (%1). Nothing was sent; retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="118"/>
        <source>The reply did not reach Chatwoot (%1). It was not sent; retry to send it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Outbox.cpp" line="122"/>
        <source>Chatwoot did not confirm the reply (%1) and could not be checked. Retry: CX Pilot checks before sending again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="87"/>
        <source>reading the outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="118"/>
        <source>writing the outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="135"/>
        <source>claiming the outbox row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="138"/>
        <source>This reply is already being sent (or was sent) by another action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="161"/>
        <source>recording the sent reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/OutboxStore.cpp" line="187"/>
        <source>recording the send problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <location filename="../src/sandbox/SandboxInfo.cpp" line="9"/>
        <source>Sandbox: this is a simulated Chatwoot with scripted customers. Nothing is sent to real people.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="118"/>
        <source>Seed conversation refers to an unknown inbox or contact: %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="167"/>
        <source>Cannot read seed file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/sandbox/chatwoot/SandboxSeed.cpp" line="174"/>
        <source>Seed file %1 is not a JSON object: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="35"/>
        <source>The environment variable %1 is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/EnvSecretStore.cpp" line="45"/>
        <source>Secrets from the environment are read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="24"/>
        <source>No secret is stored under &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="29"/>
        <source>Access to the keychain was denied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="36"/>
        <source>Keychain error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/KeychainSecretStore.cpp" line="71"/>
        <source>The system keychain is not available. Start a Secret Service (GNOME Keyring or KWallet) and unlock it, or set the secret in the environment (e.g. CHATWOOT_API_KEY) for headless use.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="50"/>
        <source>cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="58"/>
        <location filename="../src/core/storage/Database.cpp" line="91"/>
        <source>opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="154"/>
        <source>the database is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="160"/>
        <location filename="../src/core/storage/Database.cpp" line="162"/>
        <source>starting a transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/Database.cpp" line="170"/>
        <source>committing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="22"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="30"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/DatabaseUrl.cpp" line="42"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="40"/>
        <source>the value of &quot;%1&quot; is out of range (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/storage/SqlError.cpp" line="63"/>
        <source>the database cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="54"/>
        <source>%1: a URL is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="57"/>
        <source>%1: &quot;%2&quot; is not a URL; write it with its scheme, e.g. https://chat.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="61"/>
        <source>%1: the scheme must be http or https, not &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="33"/>
        <source>%1 grade must be a whole number from 1 to 5 (got &quot;%2&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::Settings</name>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="169"/>
        <source>The settings file could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="195"/>
        <source>CHATWOOT_ACCOUNT_ID: &quot;%1&quot; is not a positive integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="217"/>
        <source>model name: must be 1 to 200 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="227"/>
        <source>database URL: sqlite:// needs a file path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="235"/>
        <source>database URL: expected postgresql://user:password@host:port/database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="240"/>
        <source>database URL: &quot;%1&quot; must start with sqlite:// or postgresql://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="249"/>
        <source>SLA minutes: &quot;%1&quot; must be a whole number of minutes greater than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="259"/>
        <source>AI_CUSTOMER_DRAFT_ENABLED: &quot;%1&quot; must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="270"/>
        <source>edit ratio threshold: &quot;%1&quot; must be a number from 0 to 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/foundation/Settings.cpp" line="283"/>
        <source>reviewer name: at most 200 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookParser</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="38"/>
        <source>Webhook body too large: %1 bytes (limit %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="43"/>
        <source>Webhook content type must be application/json, got &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="47"/>
        <source>Webhook body is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="70"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="85"/>
        <source>Message event without a message id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="88"/>
        <source>Message event without its conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookParser.cpp" line="100"/>
        <source>Conversation event without a conversation id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::chatwoot::WebhookVerifier</name>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="95"/>
        <source>No webhook secret is configured; unsigned deliveries are refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="99"/>
        <source>Missing X-Chatwoot-Signature / X-Chatwoot-Timestamp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="101"/>
        <source>Incomplete signature headers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="105"/>
        <source>X-Chatwoot-Timestamp is not a Unix time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="109"/>
        <source>Webhook timestamp is %1 s away from now (tolerance %2 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="114"/>
        <source>Webhook signature does not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="122"/>
        <source>Webhook payload has no &quot;event&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="134"/>
        <source>Could not record the delivery: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="140"/>
        <source>Delivery %1 was already processed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/chatwoot/WebhookVerifier.cpp" line="146"/>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::cli</name>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="34"/>
        <source>Chatwoot is not configured: set CHATWOOT_BASE_URL and CHATWOOT_ACCOUNT_ID, or pass --chatwoot-url URL --account ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="41"/>
        <source>No Chatwoot API token: set CHATWOOT_API_KEY or store it in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="125"/>
        <source>%1 conversation(s) (all %2, mine %3, unassigned %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="148"/>
        <source>Usage: cxpilot chatwoot messages CONVERSATION_ID [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="170"/>
        <source>Conversation #%1 with %2 (%3), %4 message(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="178"/>
        <source>PRIVATE NOTE </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="191"/>
        <source>Usage: cxpilot chatwoot note CONVERSATION_ID TEXT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="203"/>
        <source>The note may or may not have been created; check the conversation before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="208"/>
        <source>Private note %1 added to conversation #%2 (agents only; the customer does not see it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ChatwootCommands.cpp" line="224"/>
        <source>Usage: cxpilot chatwoot conversations [--status S] [--json] | messages ID [--json] | note ID TEXT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="57"/>
        <source>OFFLINE DRAFT (no model used — extractive, low confidence)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="57"/>
        <source>DRAFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="60"/>
        <source>Confidence: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="60"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="62"/>
        <source>Risk: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="65"/>
        <source>Tone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="72"/>
        <source>Sources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="77"/>
        <source>Evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="83"/>
        <source>Model: %1, prompt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="94"/>
        <source>Usage: cxpilot draft CONVERSATION_ID [--json] [--post-note] [--index DIR] [--database URL]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="103"/>
        <source>Chatwoot is not configured: set CHATWOOT_BASE_URL and CHATWOOT_ACCOUNT_ID (or --chatwoot-url and --account).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="111"/>
        <source>No Chatwoot API token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="122"/>
        <source>Knowledge base unavailable (%1): drafting without passages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="138"/>
        <source>Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false): no draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="151"/>
        <source>Conversation %1 has no unanswered customer message: nothing to draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="168"/>
        <source>No note posted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="177"/>
        <source>posted as a private note, draft %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="187"/>
        <source>dry run; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/DraftCommand.cpp" line="188"/>
        <source>nothing posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/HealthCommand.cpp" line="34"/>
        <source>No Chatwoot URL: set CHATWOOT_BASE_URL or pass --chatwoot-url URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/HealthCommand.cpp" line="39"/>
        <source>No Chatwoot API token (CHATWOOT_API_KEY or the keychain): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/HealthCommand.cpp" line="67"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/HealthCommand.cpp" line="70"/>
        <source>Report written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="53"/>
        <source>added %1, updated %2, unchanged %3, deleted %4 documents; %5 chunks written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="61"/>
        <location filename="../src/cli/KbCommands.cpp" line="254"/>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="73"/>
        <source>%1: a Chatwoot account id is needed (--account ID or CHATWOOT_ACCOUNT_ID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="78"/>
        <source>%1: no Chatwoot API token (set CHATWOOT_API_KEY or store it in the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="99"/>
        <source>usage: cxpilot kb ingest PATH|URL... [--index DIR]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="111"/>
        <source>Rebuilding from the recorded sources...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="112"/>
        <location filename="../src/cli/KbCommands.cpp" line="192"/>
        <source>rebuilding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="123"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="128"/>
        <location filename="../src/cli/KbCommands.cpp" line="130"/>
        <location filename="../src/cli/KbCommands.cpp" line="258"/>
        <source>ingesting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="139"/>
        <source>  %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="141"/>
        <source>index %1: %2 documents, %3 chunks, %4 entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="167"/>
        <source>cannot read %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="180"/>
        <source>--k must be a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="194"/>
        <source>The knowledge base at %1 is empty: run `cxpilot kb ingest PATH` first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="212"/>
        <source>confidence %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="214"/>
        <source>, about: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="217"/>
        <source>no matching passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="235"/>
        <source>usage: cxpilot kb eval --kb KB.jsonl --queries QUERIES.jsonl [--k 10] [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="240"/>
        <source>cannot create a temporary folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="271"/>
        <source>warning: %1 query rows without conversation or gold ids skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="273"/>
        <source>querying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="286"/>
        <source>knowledge base: %1 documents, %2 chunks, ingested in %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="291"/>
        <source>queries: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="297"/>
        <source>latency per query: mean %1 ms, p99 %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="302"/>
        <source>failed searches: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/KbCommands.cpp" line="315"/>
        <source>usage: cxpilot kb ingest PATH|URL... [--index DIR]
       cxpilot kb search TEXT [--conversation TURNS.json] [--k N] [--json] [--index DIR]
       cxpilot kb eval --kb KB.jsonl --queries QUERIES.jsonl [--k 10] [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="57"/>
        <location filename="../src/cli/ReportCommand.cpp" line="62"/>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="76"/>
        <source>Usage: cxpilot report --from DATE --to DATE --format pdf|csv|jsonl --out FILE [--inbox ID] [--reviewer NAME] [--min-grade N] [--sla MINUTES] [--database URL]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="97"/>
        <source>--sla: expected a number of minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="103"/>
        <source>--inbox: expected an inbox id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="112"/>
        <source>--min-grade: expected 1..5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="143"/>
        <source>Wrote %1 (%2 days) and %3 (%4 reviewed drafts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="172"/>
        <source>Wrote %1: %2 examples (skipped: %3 below grade %4, %5 without the customer message)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="179"/>
        <source>Wrote %1: %2 preference pairs (skipped: %3 unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/ReportCommand.cpp" line="200"/>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="36"/>
        <source>--port must be a number from 0 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="56"/>
        <source>--webhook-url must be an http(s) URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="61"/>
        <source>Warning: no --webhook-secret, deliveries are sent UNSIGNED.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="65"/>
        <source>Cannot listen on 127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="75"/>
        <source>Cannot set up signal handling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="89"/>
        <source>Account %1, API token &quot;%2&quot; (header api_access_token). Ctrl+C to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="94"/>
        <source>Scripted customers write every %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/cli/SandboxCommand.cpp" line="101"/>
        <source>Sandbox stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::drafting::DraftNote</name>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="35"/>
        <source>**CX Pilot draft — OFFLINE (extractive, no model)**</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="37"/>
        <source>**CX Pilot draft**</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="39"/>
        <source>Confidence: %1 · Risk: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="45"/>
        <source>Sources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="53"/>
        <source>Sources: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="56"/>
        <source>Dropped unknown citations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="63"/>
        <source>Prompt %1 · model %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="64"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/DraftNote.cpp" line="66"/>
        <source>Review before sending: nothing reaches the customer without approval.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::drafting::Drafter</name>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="46"/>
        <source>AI drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED). No draft was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="53"/>
        <source>No customer message is waiting for an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="74"/>
        <source>No model is configured: offline draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="99"/>
        <source>The model could not be reached (%1): offline draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="173"/>
        <source>The model declined to draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="175"/>
        <source>The model&apos;s answer was cut off (token limit).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="177"/>
        <source>The model&apos;s answer was withheld by its content filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/Drafter.cpp" line="185"/>
        <source>The model cited passages that were not retrieved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::drafting::OfflineDrafter</name>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="47"/>
        <source>Thank you for your message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="49"/>
        <source>A colleague will look into your request and get back to you shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/OfflineDrafter.cpp" line="51"/>
        <source>A colleague will confirm the details for your case shortly.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::drafting::ToneValidator</name>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="102"/>
        <source>The draft has %1 words; the limit is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="106"/>
        <source>The draft has %1 words; at least %2 expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="112"/>
        <source>Forbidden phrase: &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="117"/>
        <source>Required phrase missing: &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="121"/>
        <source>The draft shouts (capitals or repeated exclamation marks).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="129"/>
        <source>Unfilled placeholder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="135"/>
        <source>The customer is upset but the draft shows no empathy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="148"/>
        <source>Link not found in any retrieved passage: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/drafting/ToneValidator.cpp" line="156"/>
        <source>Figure not found in any retrieved passage or customer message: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::AppServices</name>
    <message>
        <location filename="../src/app/AppServices.cpp" line="76"/>
        <source>Demo Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="84"/>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="87"/>
        <source>Chatwoot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="90"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="93"/>
        <source>Knowledge base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="99"/>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="102"/>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="105"/>
        <source>degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="108"/>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="111"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="114"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="146"/>
        <source>The database could not be opened: %1. Check the database URL in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="152"/>
        <source>%1, schema %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="153"/>
        <source>SQLite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="153"/>
        <source>PostgreSQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="173"/>
        <location filename="../src/app/AppServices.cpp" line="187"/>
        <source>%1 passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="174"/>
        <source>empty — ingest with `cxpilot kb ingest`</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="178"/>
        <source>ingesting the sample knowledge base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="196"/>
        <source>the sandbox could not listen on 127.0.0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="208"/>
        <source>not configured — open Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="219"/>
        <location filename="../src/app/AppServices.cpp" line="224"/>
        <source>sandbox (simulated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="225"/>
        <source>a probe failed — see Settings › Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="237"/>
        <source>The Chatwoot API token could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="254"/>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="256"/>
        <source>offline drafter (no model configured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/AppServices.cpp" line="259"/>
        <source>drafting off (AI_CUSTOMER_DRAFT_ENABLED=false)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::ApprovalsDrawer</name>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="75"/>
        <source>High risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="77"/>
        <source>Medium risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="79"/>
        <source>Low risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="80"/>
        <source>Risk not assessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="105"/>
        <source>Approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="113"/>
        <source>No draft waiting for this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="124"/>
        <source>Reject draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="125"/>
        <source>Why is this draft rejected? The reason is kept with the review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="167"/>
        <source>Offline drafter (simulated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="170"/>
        <source>Written by the built-in offline drafter, not by a language model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="202"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="207"/>
        <source>Retrying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="224"/>
        <source>Draft reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="229"/>
        <source>Changes against the original draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="233"/>
        <source>Show changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="249"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="260"/>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="253"/>
        <source>Passage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="255"/>
        <source>Click a source to read the passage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="263"/>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="265"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="284"/>
        <source>Grades</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="315"/>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="317"/>
        <source>Discard this draft and write a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="320"/>
        <source>Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="323"/>
        <source>Approve &amp;&amp; send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="325"/>
        <source>Send this reply to the customer (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="412"/>
        <source>Conversation #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="414"/>
        <source>%1 — conversation #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="418"/>
        <source>Confidence %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="419"/>
        <source>How well the knowledge base supports this draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="421"/>
        <source>Confidence unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="426"/>
        <source>Why this risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="428"/>
        <source>Tone findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="439"/>
        <source>Sources (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="441"/>
        <source>This draft cites no source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="459"/>
        <source>no source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="465"/>
        <source>Evidence (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="477"/>
        <source>(no passage text stored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="524"/>
        <source>No edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="525"/>
        <source>1 character changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="525"/>
        <source>%1 characters changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="558"/>
        <source>Set every grade to approve (still to set: %1). Keys 1–5 set the focused grade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="561"/>
        <source>The reply is empty or too long to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="563"/>
        <source>Ready: Approve &amp; send (Ctrl+Enter) sends this reply to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="580"/>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="595"/>
        <source>A reason is required to reject a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="636"/>
        <source>Sent to the customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="639"/>
        <source>Not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ApprovalsDrawer.cpp" line="640"/>
        <source>Not sent: stopped at %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationModel</name>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="35"/>
        <source>Urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="37"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="39"/>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="41"/>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="51"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="53"/>
        <source>Resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="55"/>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="57"/>
        <source>Snoozed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="61"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="67"/>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="69"/>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="71"/>
        <source>API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="73"/>
        <source>WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="75"/>
        <source>SMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="89"/>
        <source>Contact #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="148"/>
        <source>On time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="150"/>
        <source>At risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="152"/>
        <source>Breached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="164"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="167"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="170"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="171"/>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="204"/>
        <source>%1 &lt;%2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="208"/>
        <source>%1 of a %2-minute first-reply SLA (at risk after 75 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="265"/>
        <source>Inbox %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="278"/>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="282"/>
        <source>Draft waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="315"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="317"/>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="319"/>
        <source>Last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="321"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="323"/>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="325"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="327"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="329"/>
        <source>Assignee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="331"/>
        <source>Unread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationModel.cpp" line="333"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::ConversationThreadView</name>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="21"/>
        <source>Conversation messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ConversationThreadView.cpp" line="34"/>
        <source>Select a conversation to read it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::DraftModel</name>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="28"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="30"/>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="32"/>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="33"/>
        <source>Not assessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="47"/>
        <source>Drafted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="49"/>
        <source>Note posted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="63"/>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="65"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="67"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="70"/>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="127"/>
        <location filename="../src/app/DraftModel.cpp" line="156"/>
        <source>Conversation #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="150"/>
        <source>%1 (offline drafter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="204"/>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="206"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="208"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="210"/>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="212"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/DraftModel.cpp" line="214"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::GradeSpinBox</name>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="72"/>
        <source> / 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="72"/>
        <source> / 5 ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="73"/>
        <source>Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/GradeSpinBox.cpp" line="73"/>
        <source>Not set yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::MainWindow</name>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="50"/>
        <source>CX Pilot — Demo (simulated Chatwoot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="50"/>
        <source>CX Pilot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="85"/>
        <source>Select a conversation on the left.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="124"/>
        <source>Which conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="125"/>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="126"/>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="127"/>
        <source>Unassigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="131"/>
        <source>Drafts waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="134"/>
        <source>SLA at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="140"/>
        <source>Conversation queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="183"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="184"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="190"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="196"/>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="197"/>
        <source>Next conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="199"/>
        <source>Previous conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="201"/>
        <source>Next waiting draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="203"/>
        <source>Focus the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="205"/>
        <source>Focus the draft editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="210"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="211"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="216"/>
        <source>Set the focused grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="217"/>
        <source>Approve &amp; send (all three grades set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="236"/>
        <source>Settings saved. Restart CX Pilot to connect with the new settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="258"/>
        <source>Connected settings saved. Restart CX Pilot to start working on your Chatwoot queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="275"/>
        <source>Last sync: —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="281"/>
        <source>Knowledge %p%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="309"/>
        <source>Last sync failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="317"/>
        <source>A draft for conversation %1 could not be made: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="340"/>
        <source>Conversation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="360"/>
        <source>Retrying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="367"/>
        <source>Drafting again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="371"/>
        <source>No new draft: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="417"/>
        <source>Last sync: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="451"/>
        <source>The conversation could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="518"/>
        <source>Set your name (Settings › Reviewer) before approving: every approval is signed by a person.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="520"/>
        <source>Chatwoot is not connected yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="547"/>
        <source>Sent (it had already reached Chatwoot; not sent twice).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="547"/>
        <source>Sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="548"/>
        <source>Rejected; the reason was recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="551"/>
        <source>The learning signal waits locally until the database is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="554"/>
        <source>sending the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MainWindow.cpp" line="554"/>
        <source>recording the rejection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageBanner</name>
    <message>
        <location filename="../src/app/MessageBanner.cpp" line="22"/>
        <location filename="../src/app/MessageBanner.cpp" line="23"/>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::MessageDelegate</name>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="59"/>
        <source>Attachment: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="66"/>
        <source>Private note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/MessageDelegate.cpp" line="68"/>
        <source>CX Pilot draft · private note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::NotificationCenter</name>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="63"/>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="66"/>
        <source>Pause notifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="70"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="142"/>
        <source>CX Pilot — no drafts waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="144"/>
        <source>CX Pilot — 1 draft waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="145"/>
        <source>CX Pilot — %1 drafts waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="150"/>
        <source>No drafts waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="151"/>
        <source>1 draft waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="152"/>
        <source>%1 drafts waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="155"/>
        <source>Notifications paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="176"/>
        <source>New draft for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="176"/>
        <source>a customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="179"/>
        <source>High risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="181"/>
        <source>Medium risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="183"/>
        <source>Low risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/NotificationCenter.cpp" line="204"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::SettingsDialog</name>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="127"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="132"/>
        <source>Settings pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="133"/>
        <source>Chatwoot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="134"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="135"/>
        <source>Review &amp;&amp; data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="136"/>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="214"/>
        <source>Set by the environment variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="217"/>
        <location filename="../src/app/SettingsDialog.cpp" line="357"/>
        <source>Set by the environment variable %1; unset it to change this here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="250"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="252"/>
        <source>Remove %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="253"/>
        <source>Delete the stored value from the keychain when you save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="305"/>
        <source>Chatwoot URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="307"/>
        <source>https://chat.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="310"/>
        <source>Account ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="314"/>
        <source>the number after /app/accounts/ in Chatwoot&apos;s address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="318"/>
        <source>API access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="319"/>
        <source>Webhook secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="322"/>
        <location filename="../src/app/SettingsDialog.cpp" line="379"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="324"/>
        <source>Test the Chatwoot connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="327"/>
        <source>Chatwoot test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="349"/>
        <source>Draft replies with AI (AI_CUSTOMER_DRAFT_ENABLED)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="352"/>
        <source>The rollback switch: off, no draft is made and nothing changes in Chatwoot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="363"/>
        <source>Drafting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="366"/>
        <source>Model endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="368"/>
        <source>empty: offline drafter (simulated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="370"/>
        <source>Any OpenAI-compatible server, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="373"/>
        <source>Model name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="374"/>
        <source>gpt-4o-mini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="376"/>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="381"/>
        <source>Test the model endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="383"/>
        <source>Model test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="402"/>
        <source>Reviewer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="404"/>
        <source>who reviews on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="406"/>
        <source>SLA (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="409"/>
        <source>The first reply to a customer is due within this many minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="410"/>
        <source>Edit-ratio threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="413"/>
        <source>0 to 1: a reply whose edits change less than this share of the draft counts as approved without major edits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="416"/>
        <source>Database URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="418"/>
        <source>sqlite:///path/cxpilot.db or postgresql://user@host:5432/db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="421"/>
        <source>Database password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="448"/>
        <source>The North Star targets the dashboard measures against.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="458"/>
        <source>Replies drafted by AI, at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="461"/>
        <source>Average tone grade, at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="464"/>
        <source>Average accuracy grade, at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="467"/>
        <source>Average policy grade, at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="470"/>
        <source>Median approval time, at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="471"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="474"/>
        <source>Approved without major edits, at least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="476"/>
        <source>SLA badge green from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="479"/>
        <source>SLA badge yellow from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="496"/>
        <source>CHATWOOT_ACCOUNT_ID: required with a Chatwoot URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="503"/>
        <source>database URL: leave the password out of the URL and type it in Database password below: it is kept in the keychain, not in the settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="550"/>
        <source>SLA badge: yellow (%1 %) must not be above green (%2 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="559"/>
        <source>A setting on this page needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="671"/>
        <source>stored — type a new value to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="676"/>
        <source>type a value to store it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="679"/>
        <source>set by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="683"/>
        <source>From environment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="684"/>
        <source>The environment variable wins over the keychain; unset it to manage this secret here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="686"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="688"/>
        <source>Will be removed from the keychain when you save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="691"/>
        <source>New value: replaces the stored one when you save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="692"/>
        <source>New value: stored in the keychain when you save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="696"/>
        <source>Checking the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="698"/>
        <source>Stored in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="700"/>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="702"/>
        <source>Keychain not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="704"/>
        <source>Could not read the keychain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="759"/>
        <source>Enter a valid Chatwoot URL and account ID first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="768"/>
        <source>Testing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="788"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; Chatwoot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="789"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="796"/>
        <source>API token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="820"/>
        <source>No model endpoint set: drafts come from the offline drafter (simulated).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="826"/>
        <source>Enter a valid model endpoint and model name first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="841"/>
        <source>Asking %1 at %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="861"/>
        <source>&lt;b&gt;Connected.&lt;/b&gt; %1 answered in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="864"/>
        <source> (with no text; finish reason %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="865"/>
        <source>: “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="874"/>
        <source>The API key was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="877"/>
        <source>Check the endpoint (it usually ends in /v1) and the model name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="882"/>
        <source>The server could not be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="887"/>
        <source>&lt;b&gt;Connection failed.&lt;/b&gt; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="890"/>
        <source>API key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="908"/>
        <source>Some settings need attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="928"/>
        <source>The settings file could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/SettingsDialog.cpp" line="988"/>
        <source>The settings were saved, but a secret was not: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::ShortcutsDialog</name>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="31"/>
        <location filename="../src/app/ShortcutsDialog.cpp" line="39"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="34"/>
        <source>Filter shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="35"/>
        <source>Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ShortcutsDialog.cpp" line="40"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::ThreadMessageModel</name>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="52"/>
        <source>attachment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="53"/>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="55"/>
        <source>%1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="57"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="83"/>
        <source>customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="86"/>
        <source>reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="89"/>
        <source>private note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="92"/>
        <source>CX Pilot draft, private note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="95"/>
        <source>activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/ThreadMessageModel.cpp" line="98"/>
        <source>%1, %2, %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::gui::WelcomeDialog</name>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="17"/>
        <location filename="../src/app/WelcomeDialog.cpp" line="19"/>
        <source>Welcome to CX Pilot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="26"/>
        <source>CX Pilot drafts replies to your customers from your knowledge base. A person reads, edits and grades every draft, and only an approved reply is sent. Connect it to your Chatwoot account, or look around first in a demo with a simulated Chatwoot and sample customers: nothing leaves this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Connect to Chatwoot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="36"/>
        <source>Enter your Chatwoot address, account ID and API access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/app/WelcomeDialog.cpp" line="40"/>
        <source>A simulated Chatwoot with sample conversations and customers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="56"/>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::DocumentLoader</name>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="104"/>
        <source>%1: binary file, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="122"/>
        <source>%1: no text in the HTML, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="138"/>
        <source>%1: empty document, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="160"/>
        <source>%1 line %2: not a JSON object (%3), skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="173"/>
        <source>%1 line %2: needs &quot;id&quot; and &quot;text&quot;, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="197"/>
        <source>%1: no such file or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="214"/>
        <source>%1: unsupported file type, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/DocumentLoader.cpp" line="219"/>
        <source>%1: cannot read (%2), skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeBase</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="108"/>
        <source>The stored embeddings were unreadable and will be computed again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="163"/>
        <source>%1: not a local path any more, ingest it again by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="304"/>
        <source>Semantic retrieval unavailable (%1): lexical results only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="344"/>
        <source>the embedding service returned no vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="359"/>
        <source>no embedding provider is configured; search stays lexical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="407"/>
        <source>the embedding service returned %1 vectors for %2 texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="413"/>
        <source>embedding stopped after %1 chunks (%2); search stays lexical for the rest</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="276"/>
        <source>cannot create the index folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="288"/>
        <source>The knowledge index was unreadable (%1) and has been recreated empty; sources need to be ingested again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="317"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="430"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="445"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="475"/>
        <source>the knowledge index is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="331"/>
        <source>%1: duplicate document id, the last one wins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="343"/>
        <source>%1: no text to index, skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="373"/>
        <source>ingesting %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="436"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="455"/>
        <source>reading the knowledge index failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="481"/>
        <source>the knowledge index keeps changing; try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="484"/>
        <source>search failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeIndex::Impl</name>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="229"/>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="232"/>
        <source>cannot open the knowledge index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="509"/>
        <source>empty query: there is no text to search for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/KnowledgeIndex.cpp" line="530"/>
        <source>empty query: the message has no searchable words</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::RetrievalEval</name>
    <message>
        <location filename="../src/core/knowledge/RetrievalEval.cpp" line="23"/>
        <source>cannot read %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::knowledge::VectorStore</name>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="34"/>
        <source>empty embedding for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="39"/>
        <source>embedding of dimension %1, expected %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="110"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="122"/>
        <source>cannot write %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="133"/>
        <source>cannot read %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="140"/>
        <source>%1 is not a vector file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="143"/>
        <source>%1: unsupported or corrupt header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="148"/>
        <location filename="../src/core/knowledge/VectorStore.cpp" line="160"/>
        <source>%1 is truncated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::llm</name>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="122"/>
        <source>A chat request needs at least one message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="127"/>
        <source>The schema name must be 1-64 of A-Z a-z 0-9 _ -.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="148"/>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="276"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="203"/>
        <source>The model server sent a stream event that is not JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="291"/>
        <source>The model server ended the stream early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ChatCompletionJob.cpp" line="304"/>
        <source>The model server&apos;s answer could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="29"/>
        <source>The model endpoint URL is not set or not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="32"/>
        <source>The model endpoint URL must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/OpenAiConfig.cpp" line="35"/>
        <source>The model name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::llm::ApiErrorParser</name>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="82"/>
        <source>The model server answered HTTP %1 without an error message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="84"/>
        <source>The model provider reports that the account&apos;s quota is used up (insufficient_quota). Check the plan and billing; this is not retried. Server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="108"/>
        <source>The model server answered HTTP %1 with a body that is not an error object: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="110"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="120"/>
        <source>The model server did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="123"/>
        <source>TLS handshake with the model server failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="126"/>
        <source>The request to the model server was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="129"/>
        <source>Could not reach the model server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/ApiErrorParser.cpp" line="141"/>
        <source>The model server failed while streaming: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::llm::EmbeddingJob</name>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="42"/>
        <source>The embedding model name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="45"/>
        <source>Input %1 to embed is empty; the API rejects empty inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="74"/>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="107"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="132"/>
        <source>expected %1 vectors, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="140"/>
        <source>bad or repeated index %1 or an empty vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/llm/EmbeddingJob.cpp" line="153"/>
        <source>The embeddings answer could not be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::pipeline::DraftPipeline</name>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="109"/>
        <source>Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="114"/>
        <source>Could not read the conversation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="122"/>
        <source>The message is not in the conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="134"/>
        <source>An agent already replied after this message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="137"/>
        <source>The customer wrote again; the newer message is drafted instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="199"/>
        <source>This message already has a draft (made here or by another process).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="216"/>
        <source>The draft could not be generated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="284"/>
        <source>The private note could not be posted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/pipeline/DraftPipeline.cpp" line="294"/>
        <source>The private note may not have arrived (%1); it will be retried.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::reports</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="45"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="47"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="48"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="582"/>
        <source>the PDF report needs a QGuiApplication (the offscreen platform is enough)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="586"/>
        <source>Support quality report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::reports::Renderer</name>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="111"/>
        <source>could not start the PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="141"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="237"/>
        <source>Support quality report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="161"/>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="164"/>
        <source>Generated %1 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="180"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="183"/>
        <source>%1 – %2 (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="191"/>
        <source>inbox %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="191"/>
        <source>all inboxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="193"/>
        <source>reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="194"/>
        <source>SLA %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="252"/>
        <source>No reviewed replies in this range: there is nothing to measure yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="261"/>
        <source>sent, per Chatwoot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="262"/>
        <source>reviewed in CX Pilot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="268"/>
        <source>Customer replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="269"/>
        <source>Drafted by AI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="270"/>
        <source>%1 AI-drafted · %2 manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="271"/>
        <source>Overall grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="272"/>
        <source>T %1 · A %2 · P %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="276"/>
        <source>SLA compliance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="277"/>
        <source>%1 · %2 of %3 within %4 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="283"/>
        <source>First response (median)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="284"/>
        <location filename="../src/core/reports/PdfReport.cpp" line="288"/>
        <source>p90 %1 · mean %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="287"/>
        <source>Approval time (median)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="291"/>
        <source>Approved w/o major edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="292"/>
        <source>%1 of %2 reviewed drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="293"/>
        <source>Average edit ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="294"/>
        <source>mean edit distance %1 chars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="303"/>
        <source>North Star targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="306"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="306"/>
        <source>Actual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="306"/>
        <source>Goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="306"/>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="306"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="343"/>
        <source>SLA compliance (badge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="344"/>
        <source>≥ %1 % green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="350"/>
        <source>Top rejection reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="355"/>
        <source>No rejected drafts with a reason in this range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="380"/>
        <source>Trends and distributions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="382"/>
        <source>Tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="382"/>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="383"/>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="383"/>
        <source>SLA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="396"/>
        <source>Average grades per day (1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="397"/>
        <source>policy target %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="402"/>
        <source>SLA compliance per day (first reply within %1 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="404"/>
        <source>green %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="405"/>
        <source>yellow %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="411"/>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="420"/>
        <source>Edit ratio (share of the draft changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="422"/>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="433"/>
        <source>Approval time (draft ready → approved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="464"/>
        <source>(not sent — rejected%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="499"/>
        <source>Worst-graded replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="504"/>
        <source>Lowest tone + accuracy + policy first. Left: the AI draft; right: what was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="508"/>
        <source>No reviewed replies in this range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="515"/>
        <source>Worst-graded replies (continued)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="531"/>
        <source>Conversation %1 — tone %2 · accuracy %3 · policy %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="539"/>
        <source>approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="539"/>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="541"/>
        <source>%1 by %2 on %3 UTC%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="545"/>
        <source> · reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="551"/>
        <source>AI DRAFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/reports/PdfReport.cpp" line="551"/>
        <source>SENT REPLY</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cx::review</name>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="81"/>
        <location filename="../src/core/review/Grades.cpp" line="112"/>
        <source>%1 grade is missing: give a whole number from 1 to 5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="157"/>
        <source>Tone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="159"/>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="161"/>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="170"/>
        <source>Friendly, professional, aligned with the brand voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="172"/>
        <source>Factually correct, addresses the customer&apos;s need</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="174"/>
        <source>Follows company policies and guidelines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="183"/>
        <source>Unacceptable: complete rewrite needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="185"/>
        <source>Below standard: significant issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="187"/>
        <source>Acceptable: needs work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="189"/>
        <source>Good: minor improvements possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="191"/>
        <source>Excellent: a perfect example of quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="211"/>
        <source>A reviewer&apos;s name is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="216"/>
        <source>The reviewer&apos;s name is longer than %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="222"/>
        <source>The reviewer&apos;s name contains a control character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="227"/>
        <source>The reviewer&apos;s name must contain a letter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="260"/>
        <source>&quot;%1&quot; is not a person&apos;s name: the reviewer must be named.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="269"/>
        <source>The reply is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../src/core/review/Grades.cpp" line="275"/>
        <source>The reply is longer than %1 characters, the most Chatwoot accepts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
