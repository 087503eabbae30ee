<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>cx::drafting::ToneValidator</name>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="103"/>
        <source>The draft has %n word(s); the limit is %1.</source>
        <translation>
            <numerusform>The draft has %n word; the limit is %1.</numerusform>
            <numerusform>The draft has %n words; the limit is %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/drafting/ToneValidator.cpp" line="109"/>
        <source>The draft has %n word(s); at least %1 expected.</source>
        <translation>
            <numerusform>The draft has %n word; at least %1 expected.</numerusform>
            <numerusform>The draft has %n words; at least %1 expected.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::ApprovalsDrawer</name>
    <message numerus="yes">
        <location filename="../src/app/ApprovalsDrawer.cpp" line="399"/>
        <source>%n character(s) changed</source>
        <translation>
            <numerusform>%n character changed</numerusform>
            <numerusform>%n characters changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::DashboardWidget</name>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="137"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="138"/>
        <source>The last %n day(s) up to today (UTC)</source>
        <translation>
            <numerusform>The last day up to today (UTC)</numerusform>
            <numerusform>The last %n days up to today (UTC)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/DashboardWidget.cpp" line="535"/>
        <source>%n conversation(s) %1 — double-click one to open it.</source>
        <translation>
            <numerusform>%n conversation %1 — double-click it to open it.</numerusform>
            <numerusform>%n conversations %1 — double-click one to open it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::MainWindow</name>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="266"/>
        <source>%n learning signal(s) waiting for the database</source>
        <translation>
            <numerusform>%n learning signal waiting for the database</numerusform>
            <numerusform>%n learning signals waiting for the database</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="536"/>
        <source>%n reply(s) resumed and sent</source>
        <translation>
            <numerusform>%n reply resumed and sent</numerusform>
            <numerusform>%n replies resumed and sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="538"/>
        <source>%n reply(s) already in Chatwoot (recorded, not sent again)</source>
        <translation>
            <numerusform>%n reply was already in Chatwoot (recorded, not sent again)</numerusform>
            <numerusform>%n replies were already in Chatwoot (recorded, not sent again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/MainWindow.cpp" line="541"/>
        <source>%n learning signal(s) saved</source>
        <translation>
            <numerusform>%n learning signal saved</numerusform>
            <numerusform>%n learning signals saved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::NotificationCenter</name>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="127"/>
        <source>CX Pilot — %n draft(s) waiting for review</source>
        <translation>
            <numerusform>CX Pilot — %n draft waiting for review</numerusform>
            <numerusform>CX Pilot — %n drafts waiting for review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/NotificationCenter.cpp" line="133"/>
        <source>%n draft(s) waiting</source>
        <translation>
            <numerusform>%n draft waiting</numerusform>
            <numerusform>%n drafts waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::gui::ReportExporter</name>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="283"/>
        <source>%n learning signal(s) exported.</source>
        <translation>
            <numerusform>%n learning signal exported.</numerusform>
            <numerusform>%n learning signals exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/app/ReportExporter.cpp" line="289"/>
        <source>%n training example(s) exported.</source>
        <translation>
            <numerusform>%n training example exported.</numerusform>
            <numerusform>%n training examples exported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::ingest::JobRunner</name>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="108"/>
        <source>Its lease expired %n time(s) (the worker died each time).</source>
        <translation>
            <numerusform>Its lease expired once (the worker died).</numerusform>
            <numerusform>Its lease expired %n times (the worker died each time).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/core/ingest/JobRunner.cpp" line="135"/>
        <source>%n waiting draft(s) superseded: %1</source>
        <translation>
            <numerusform>%n waiting draft superseded: %1</numerusform>
            <numerusform>%n waiting drafts superseded: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cx::knowledge::KnowledgeBase</name>
    <message numerus="yes">
        <location filename="../src/core/knowledge/KnowledgeBase.cpp" line="421"/>
        <source>embedding stopped after %n chunk(s) (%1); search stays lexical for the rest</source>
        <translation>
            <numerusform>embedding stopped after %n chunk (%1); search stays lexical for the rest</numerusform>
            <numerusform>embedding stopped after %n chunks (%1); search stays lexical for the rest</numerusform>
        </translation>
    </message>
</context>
</TS>
