<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Announcer</name>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="130"/>
        <source>%n {category}</source>
        <comment>how many new messages of one category: 3 fault</comment>
        <translation>
            <numerusform>%n {category}</numerusform>
            <numerusform>%n {category}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="136"/>
        <source>%n new message(s) while you were away: {parts}</source>
        <translation>
            <numerusform>%n new message while you were away: {parts}</numerusform>
            <numerusform>%n new messages while you were away: {parts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="138"/>
        <source>%n new message(s): {parts}</source>
        <translation>
            <numerusform>%n new message: {parts}</numerusform>
            <numerusform>%n new messages: {parts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="144"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message numerus="yes">
        <location filename="../../desktop/app.py" line="350"/>
        <source>%n change(s) not yet sent to the server will be lost. Sign out anyway?</source>
        <translation>
            <numerusform>%n change not yet sent to the server will be lost. Sign out anyway?</numerusform>
            <numerusform>%n changes not yet sent to the server will be lost. Sign out anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupsModel</name>
    <message numerus="yes">
        <location filename="../../desktop/models/entities.py" line="390"/>
        <source>%n member(s): {names}</source>
        <translation>
            <numerusform>%n member: {names}</numerusform>
            <numerusform>%n members: {names}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="227"/>
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n change waiting to be sent</numerusform>
            <numerusform>%n changes waiting to be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="242"/>
        <source>%n message(s) selected.</source>
        <translation>
            <numerusform>%n message selected.</numerusform>
            <numerusform>%n messages selected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="245"/>
        <source>%n message(s) deleted.</source>
        <translation>
            <numerusform>%n message deleted.</numerusform>
            <numerusform>%n messages deleted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/views/settings_dialog.py" line="138"/>
        <source>%n edit(s) need you: select the marked row and Settle.</source>
        <translation>
            <numerusform>%n edit needs you: select the marked row and Settle.</numerusform>
            <numerusform>%n edits need you: select the marked row and Settle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/settings_dialog.py" line="141"/>
        <source>%n edit(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n edit waiting to be sent.</numerusform>
            <numerusform>%n edits waiting to be sent.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/views/sign_in.py" line="111"/>
        <source>Too many attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many attempts. Try again in %n second.</numerusform>
            <numerusform>Too many attempts. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/views/entity_editors.py" line="446"/>
        <source>Too many tries: try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many tries: try again in %n minute.</numerusform>
            <numerusform>Too many tries: try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="38"/>
        <source>{field} must be at most %n character(s).</source>
        <translation>
            <numerusform>{field} must be at most %n character.</numerusform>
            <numerusform>{field} must be at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="41"/>
        <source>At most %n contact(s) besides yourself.</source>
        <translation>
            <numerusform>At most %n contact besides yourself.</numerusform>
            <numerusform>At most %n contacts besides yourself.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="44"/>
        <source>At most %n contact group(s).</source>
        <translation>
            <numerusform>At most %n contact group.</numerusform>
            <numerusform>At most %n contact groups.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="47"/>
        <source>{field} must be %n digit(s).</source>
        <translation>
            <numerusform>{field} must be %n digit.</numerusform>
            <numerusform>{field} must be %n digits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="50"/>
        <source>The server is busy; trying again in %n s.</source>
        <translation>
            <numerusform>The server is busy; trying again in %n s.</numerusform>
            <numerusform>The server is busy; trying again in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="53"/>
        <source>Live updates stopped by an unexpected error; trying again in %n s.</source>
        <translation>
            <numerusform>Live updates stopped by an unexpected error; trying again in %n s.</numerusform>
            <numerusform>Live updates stopped by an unexpected error; trying again in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="56"/>
        <source>Sync stopped by an unexpected error; trying again in %n s.</source>
        <translation>
            <numerusform>Sync stopped by an unexpected error; trying again in %n s.</numerusform>
            <numerusform>Sync stopped by an unexpected error; trying again in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="60"/>
        <source>The server answers, but sends data this app cannot use (the details are in the log); trying again in %n s.</source>
        <translation>
            <numerusform>The server answers, but sends data this app cannot use (the details are in the log); trying again in %n s.</numerusform>
            <numerusform>The server answers, but sends data this app cannot use (the details are in the log); trying again in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="68"/>
        <source>The local cache was damaged and has been rebuilt; %n unsent change(s) kept.</source>
        <translation>
            <numerusform>The local cache was damaged and has been rebuilt; %n unsent change kept.</numerusform>
            <numerusform>The local cache was damaged and has been rebuilt; %n unsent changes kept.</numerusform>
        </translation>
    </message>
</context>
</TS>
