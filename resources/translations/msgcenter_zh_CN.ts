<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Announcer</name>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="130"/>
        <source>%n {category}</source>
        <comment>how many new messages of one category: 3 fault</comment>
        <translation>
            <numerusform>{category} %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="136"/>
        <source>%n new message(s) while you were away: {parts}</source>
        <translation>
            <numerusform>您离开期间收到 %n 条新消息：{parts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="138"/>
        <source>%n new message(s): {parts}</source>
        <translation>
            <numerusform>%n 条新消息：{parts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/announcing/announcer.py" line="144"/>
        <source>and %n more</source>
        <translation>
            <numerusform>还有 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../desktop/app.py" line="319"/>
        <source>Start at login</source>
        <translation>开机自动启动</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="320"/>
        <source>Could not change the login entry: {error}</source>
        <translation>无法更改登录启动项：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="336"/>
        <source>Preferences could not be saved: {error}</source>
        <translation>无法保存偏好设置：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="401"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/app.py" line="350"/>
        <source>%n change(s) not yet sent to the server will be lost. Sign out anyway?</source>
        <translation>
            <numerusform>%n 项修改尚未发送到服务器，退出登录后将丢失。仍要退出登录吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="335"/>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="406"/>
        <source>Sync when the server can be reached, and they are sent first.</source>
        <translation>请在能连接服务器时同步，修改会先发送出去。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="411"/>
        <source>Sign out of Message Center?</source>
        <translation>确定要退出登录吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="413"/>
        <source>The messages kept on this computer are removed; they come back at sign-in.</source>
        <translation>保存在本机的消息将被删除，重新登录后会再次同步。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="419"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="522"/>
        <source>Message Center cannot start: {error}</source>
        <translation>消息中心无法启动：{error}</translation>
    </message>
</context>
<context>
    <name>CategoryListModel</name>
    <message>
        <location filename="../../desktop/models/categories.py" line="48"/>
        <source>{name}, {count} unread</source>
        <translation>{name}，{count} 条未读</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="509"/>
        <source>Edit conflict</source>
        <translation>修改冲突</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="517"/>
        <source>While your edit waited, this was changed on the server too. Other changes were merged; for each field below, choose which value to keep.</source>
        <translation>在您的修改等待发送期间，服务器上也修改了此项。其他改动已自动合并；请为下面每一项选择要保留的值。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="525"/>
        <source>&lt;b&gt;Field&lt;/b&gt;</source>
        <translation>&lt;b&gt;项目&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="526"/>
        <source>&lt;b&gt;Yours&lt;/b&gt;</source>
        <translation>&lt;b&gt;您的修改&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="527"/>
        <source>&lt;b&gt;The server&apos;s&lt;/b&gt;</source>
        <translation>&lt;b&gt;服务器上的值&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="537"/>
        <source>Keep your value</source>
        <translation>保留您的值</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="539"/>
        <source>Keep the server&apos;s value</source>
        <translation>保留服务器上的值</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="546"/>
        <source>Send with these values</source>
        <translation>按这些值发送</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="99"/>
        <source>Edit contact</source>
        <translation>修改联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="99"/>
        <source>New contact</source>
        <translation>新增联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="103"/>
        <source>1 to 32 characters</source>
        <translation>1～32 个字符</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="104"/>
        <source>11 digits starting with 1, or +country code</source>
        <translation>以 1 开头的 11 位数字，或 + 国家/地区代码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="105"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="111"/>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="112"/>
        <source>&amp;Mobile</source>
        <translation>手机号码(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="113"/>
        <source>&amp;Email</source>
        <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="122"/>
        <source>Changing a mobile or email means verifying it again.</source>
        <translation>修改手机或邮箱后需要重新验证。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="125"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="348"/>
        <source>account contact</source>
        <translation>账号联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="350"/>
        <source>primary</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="354"/>
        <source>unverified</source>
        <translation>未验证</translation>
    </message>
</context>
<context>
    <name>CrashReportDialog</name>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="128"/>
        <source>Message Center: something went wrong</source>
        <translation>消息中心：出错了</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="129"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="133"/>
        <source>Something unexpected went wrong inside Message Center. It is still running, but what you were doing may not have finished: check it, and try again. If it happens again, please copy this report into a bug report. The log file has the details too: {path}</source>
        <translation>消息中心内部发生了意外错误。程序仍在运行，但您刚才的操作可能没有完成：请检查一下，然后重试。如果问题再次出现，请把这份报告复制到问题反馈中。日志文件中也有详细信息：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="145"/>
        <source>Error report</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="149"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="152"/>
        <source>Puts the report on the clipboard</source>
        <translation>将报告复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="155"/>
        <source>Closes this report; Message Center goes on</source>
        <translation>关闭此报告，消息中心会继续运行</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="170"/>
        <source>More errors came: they are in the log.</source>
        <translation>之后还出现了更多错误，详见日志。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="177"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <location filename="../../desktop/announcing/notifications.py" line="67"/>
        <source>Open</source>
        <comment>the action of a notification: show the message</comment>
        <translation>查看</translation>
    </message>
</context>
<context>
    <name>EntityTableModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="124"/>
        <source>account contact</source>
        <translation>账号联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="129"/>
        <source>Needs you: Settle…</source>
        <translation>待处理…</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="131"/>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="156"/>
        <source>Message type</source>
        <comment>column of the notification settings: channels</comment>
        <translation>消息类型</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="159"/>
        <source>Recipients</source>
        <comment>column of the notification settings: channels</comment>
        <translation>消息接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="162"/>
        <source>Email</source>
        <comment>column of the notification settings: channels</comment>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="165"/>
        <source>SMS</source>
        <comment>column of the notification settings: channels</comment>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="289"/>
        <source>Name</source>
        <comment>column of the contacts: a person&apos;s name, mobile number, email address</comment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="294"/>
        <source>Mobile</source>
        <comment>column of the contacts: a person&apos;s name, mobile number, email address</comment>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="299"/>
        <source>Email</source>
        <comment>column of the contacts: a person&apos;s name, mobile number, email address</comment>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="304"/>
        <source>Groups</source>
        <comment>column of the contacts: a person&apos;s name, mobile number, email address</comment>
        <translation>所属联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="365"/>
        <source>Group</source>
        <comment>column of the contact groups: a group&apos;s name, its members</comment>
        <translation>联系组名称</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="368"/>
        <source>Members</source>
        <comment>column of the contact groups: a group&apos;s name, its members</comment>
        <translation>成员</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="168"/>
        <source>Edit group</source>
        <translation>修改联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="168"/>
        <source>New group</source>
        <translation>新增联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="172"/>
        <source>Group name</source>
        <translation>联系组名称</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="177"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="178"/>
        <source>Check the contacts who belong to the group</source>
        <translation>勾选属于此联系组的联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="179"/>
        <source>1 to 32 characters, not the name of another group</source>
        <translation>1～32 个字符，不能与其他联系组重名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="191"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="194"/>
        <source>Members (a group with none receives nothing):</source>
        <translation>成员（没有成员的联系组收不到通知）：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="196"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="213"/>
        <source>Another group already has this name.</source>
        <translation>已有同名的联系组。</translation>
    </message>
</context>
<context>
    <name>GroupsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="389"/>
        <source>No members: receives nothing</source>
        <translation>没有成员：收不到通知</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/models/entities.py" line="390"/>
        <source>%n member(s): {names}</source>
        <translation>
            <numerusform>%n 人：{names}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeldEdit</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="492"/>
        <source>Discard my edit</source>
        <translation>放弃我的修改</translation>
    </message>
</context>
<context>
    <name>LocalEdits</name>
    <message>
        <location filename="../../desktop/runtime/local_edits.py" line="90"/>
        <source>The change could not be saved: {error}</source>
        <translation>无法保存修改：{error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/views/main_window.py" line="75"/>
        <location filename="../../desktop/views/main_window.py" line="77"/>
        <source>Message Center</source>
        <translation>消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="24"/>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="25"/>
        <source>Each category with its unread count</source>
        <translation>各个分类及其未读数</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="47"/>
        <source>Search titles and bodies</source>
        <translation>搜索标题和内容</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="50"/>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="32"/>
        <source>Show unread messages only</source>
        <translation>只显示未读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="33"/>
        <source>Hides messages you have read</source>
        <translation>隐藏已读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_list.py" line="64"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/undo_delete.py" line="44"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/views/undo_delete.py" line="45"/>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="100"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="53"/>
        <source>Finds messages by title or body as you type (Ctrl+F); Escape goes to the list</source>
        <translation>输入时按标题或内容查找消息（Ctrl+F）；按 Esc 返回列表</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="31"/>
        <source>&amp;Unread only</source>
        <translation>只看未读(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_list.py" line="67"/>
        <source>Newest first; arrows, J and K move, Enter opens, Delete deletes, Ctrl+Z undoes, Tab goes to the message</source>
        <translation>最新的在前；方向键、J 和 K 移动，回车打开，Delete 删除，Ctrl+Z 撤销，Tab 转到消息内容</translation>
    </message>
    <message>
        <location filename="../../desktop/views/undo_delete.py" line="48"/>
        <source>Puts the deleted messages back (Ctrl+Z)</source>
        <translation>恢复刚删除的消息（Ctrl+Z）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="26"/>
        <source>Mark as &amp;read</source>
        <translation>标为已读(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="31"/>
        <source>Mark as &amp;unread</source>
        <translation>标为未读(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="36"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="41"/>
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="46"/>
        <source>Mark &amp;all as read</source>
        <translation>全部标为已读(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="51"/>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="56"/>
        <source>&amp;Find</source>
        <translation>搜索(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="60"/>
        <source>&amp;Next message</source>
        <translation>下一条消息(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="65"/>
        <source>&amp;Previous message</source>
        <translation>上一条消息(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="70"/>
        <source>&amp;Message settings…</source>
        <translation>消息设置(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="75"/>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="80"/>
        <source>Sign &amp;out…</source>
        <translation>退出登录(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="85"/>
        <source>&amp;Quit</source>
        <translation>退出消息中心(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="107"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="122"/>
        <location filename="../../desktop/views/window_actions.py" line="125"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="42"/>
        <location filename="../../desktop/views/status_bar.py" line="90"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="44"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="48"/>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="52"/>
        <source>Changes waiting to be sent</source>
        <translation>等待发送的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="57"/>
        <location filename="../../desktop/views/status_bar.py" line="134"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="63"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="89"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="91"/>
        <location filename="../../desktop/views/status_bar.py" line="111"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="92"/>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="116"/>
        <source>Last sync {time}</source>
        <translation>上次同步 {time}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="227"/>
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n 项修改等待发送</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="131"/>
        <source>Details are in the log.</source>
        <translation>详细信息见日志。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status_bar.py" line="136"/>
        <source>Problem; the details are in the log, {path}</source>
        <translation>问题；详细信息见日志：{path}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="245"/>
        <source>%n message(s) deleted.</source>
        <translation>
            <numerusform>已删除 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="82"/>
        <source>No message matches “{text}”.</source>
        <translation>没有与“{text}”匹配的消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/window_actions.py" line="110"/>
        <source>&amp;Message</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="86"/>
        <source>No unread messages.</source>
        <translation>没有未读消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/filters.py" line="87"/>
        <source>No messages here yet.</source>
        <translation>暂无消息。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/main_window.py" line="242"/>
        <source>%n message(s) selected.</source>
        <translation>
            <numerusform>已选择 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/reading.py" line="82"/>
        <source>No message selected.</source>
        <translation>请选择一条消息查看内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="301"/>
        <source>That message is no longer here.</source>
        <translation>这条消息已不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/undo_delete.py" line="108"/>
        <source>Too late to undo: the delete was already sent.</source>
        <translation>删除已发送到服务器，无法撤销。</translation>
    </message>
</context>
<context>
    <name>MessageDetail</name>
    <message>
        <location filename="../../desktop/views/detail.py" line="81"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="87"/>
        <source>Message title</source>
        <translation>消息标题</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="89"/>
        <source>Message time and type</source>
        <translation>消息时间和类型</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="91"/>
        <source>Previous</source>
        <translation>上一条</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="92"/>
        <source>Previous message</source>
        <translation>上一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="93"/>
        <source>Next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="94"/>
        <source>Next message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="121"/>
        <source>Message body</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="140"/>
        <source>No message selected.</source>
        <translation>请选择一条消息查看内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="161"/>
        <source>Only the first {limit} of {total} characters are shown.</source>
        <translation>仅显示前 {limit} 个字符（共 {total} 个）。</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <location filename="../../desktop/models/messages.py" line="82"/>
        <source>Unread: {title}. {type}</source>
        <translation>未读：{title}。{type}</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../desktop/preferences.py" line="46"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="47"/>
        <source>Quiet hours</source>
        <translation>免打扰时段</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="48"/>
        <source>Starting and closing</source>
        <translation>启动和关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="49"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="60"/>
        <source>No pop-ups during these hours</source>
        <translation>在这些时段内不弹出通知</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="64"/>
        <source>From</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="67"/>
        <source>Until</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="73"/>
        <source>Fault messages break through quiet hours</source>
        <translation>故障消息不受免打扰限制</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="80"/>
        <source>Start at login</source>
        <translation>开机自动启动</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="87"/>
        <source>Start minimized in the tray</source>
        <translation>启动时最小化到托盘</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="94"/>
        <source>Closing the window keeps Message Center in the tray</source>
        <translation>关闭窗口后消息中心仍在托盘中运行</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="101"/>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="109"/>
        <source>Language (when Message Center starts again)</source>
        <translation>语言（重新启动消息中心后生效）</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="34"/>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="47"/>
        <source>Pop up a notification for new messages of:</source>
        <translation>以下类别有新消息时弹出通知：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="101"/>
        <source>Pop up a notification when a message of this category arrives</source>
        <translation>此分类有新消息时弹出通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="103"/>
        <source>A time of day, hours and minutes (24-hour clock)</source>
        <translation>一天中的时间，小时和分钟（24 小时制）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="105"/>
        <source>Choose one; the first follows the system</source>
        <translation>选择一项；第一项跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="106"/>
        <source>Saved when you press OK</source>
        <translation>按“确定”后保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="111"/>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="112"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/views/preferences_dialog.py" line="113"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>RecipientPicker</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="234"/>
        <source>Recipients: {type}</source>
        <translation>修改通知人：{type}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="238"/>
        <source>Notifications reach only verified mobiles and emails: unverified ones receive nothing. Contacts are changed on the Contacts page.</source>
        <translation>系统只向已验证的手机和邮箱发送通知，未验证的联系方式收不到通知。联系人信息请在“联系人”页面修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="253"/>
        <source>Contacts who receive it</source>
        <translation>接收此消息的联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="254"/>
        <source>Groups that receive it</source>
        <translation>接收此消息的联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="256"/>
        <source>Check who receives it: contacts, or groups, not both</source>
        <translation>勾选接收人：联系人或联系组，不能同时选择</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="257"/>
        <source>&amp;Contacts</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="258"/>
        <source>&amp;Groups</source>
        <translation>联系组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="269"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="306"/>
        <source>Choosing a group cleared the contacts you had chosen: a message type goes to contacts or to groups, not both.</source>
        <translation>选择联系组后，已选的联系人被清除：一种消息只能发给联系人或联系组，不能同时发给两者。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="311"/>
        <source>Choosing a contact cleared the groups you had chosen: a message type goes to contacts or to groups, not both.</source>
        <translation>选择联系人后，已选的联系组被清除：一种消息只能发给联系人或联系组，不能同时发给两者。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="326"/>
        <source>Choose at least one contact or group.</source>
        <translation>请至少选择一个联系人或联系组。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="582"/>
        <source>unverified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="598"/>
        <source>no members</source>
        <translation>暂无成员</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="559"/>
        <source>The server did not take this edit</source>
        <translation>服务器未接受此修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="565"/>
        <source>The server said: {reason}</source>
        <translation>服务器返回：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="570"/>
        <source>Correct the edit and send it again, or discard it.</source>
        <translation>请更正后重新发送，或放弃此修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="571"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="573"/>
        <source>Opens the edit with the refused values, to correct them</source>
        <translation>用被拒绝的值打开修改，以便更正</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="57"/>
        <source>Message settings</source>
        <translation>消息设置</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="76"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="77"/>
        <source>Closes the dialog; every edit is already saved</source>
        <translation>关闭对话框；所有修改都已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_settings_page.py" line="39"/>
        <source>Message types and who receives them</source>
        <translation>消息类型及其接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_settings_page.py" line="43"/>
        <source>Space toggles email or SMS; Enter chooses the recipients</source>
        <translation>空格键切换邮件或短信；回车键选择接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_settings_page.py" line="48"/>
        <source>Edit &amp;recipients…</source>
        <translation>修改接收人(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_settings_page.py" line="51"/>
        <source>Chooses the contacts or groups who receive the selected message type</source>
        <translation>为选中的消息类型选择接收的联系人或联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/message_settings_page.py" line="60"/>
        <source>Every message also arrives in Message Center. Locked rows always go by email and SMS.</source>
        <translation>所有消息都会在消息中心显示。带锁图标的消息类型始终通过邮件和短信通知，不能关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="91"/>
        <source>&amp;Message settings</source>
        <translation>消息设置(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="56"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="59"/>
        <source>You first, then the others; Enter edits the selected contact (not you)</source>
        <translation>您本人在最前，其次是其他联系人；按回车修改选中的联系人（您本人除外）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="65"/>
        <location filename="../../desktop/views/groups_page.py" line="42"/>
        <source>&amp;Add…</source>
        <translation>新增(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="68"/>
        <source>Adds a contact (up to 20 besides you)</source>
        <translation>新增联系人（除您本人外最多 20 个）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="71"/>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="74"/>
        <source>Changes the selected contact&apos;s name, mobile or email</source>
        <translation>修改选中联系人的姓名、手机或邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="79"/>
        <location filename="../../desktop/views/groups_page.py" line="56"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="82"/>
        <source>Deletes the selected contact (not you, not the primary contact)</source>
        <translation>删除选中的联系人（不能删除您本人或主联系人）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="88"/>
        <source>Set as &amp;primary</source>
        <translation>设为主联系人(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="91"/>
        <source>Makes the selected contact the one staff call first</source>
        <translation>将选中的联系人设为主联系人（工作人员首先联系的人）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="96"/>
        <source>Verify m&amp;obile…</source>
        <translation>验证手机(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="99"/>
        <source>Sends a code to the selected contact&apos;s mobile (online only)</source>
        <translation>向选中联系人的手机发送验证码（仅在线时）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="104"/>
        <source>Verify ema&amp;il…</source>
        <translation>验证邮箱(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="107"/>
        <source>Sends a code to the selected contact&apos;s email (online only)</source>
        <translation>向选中联系人的邮箱发送验证码（仅在线时）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="92"/>
        <source>&amp;Contacts</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="34"/>
        <source>Contact groups</source>
        <translation>联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="37"/>
        <source>The groups and their members; Enter edits</source>
        <translation>联系组及其成员；回车键修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="45"/>
        <source>Adds a contact group (up to 12)</source>
        <translation>新增联系组（最多 12 个）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="48"/>
        <source>&amp;Edit name and members…</source>
        <translation>修改名称和成员(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="51"/>
        <source>Renames the selected group or changes who is in it</source>
        <translation>修改选中联系组的名称或成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="59"/>
        <source>Deletes the selected group</source>
        <translation>删除选中的联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="93"/>
        <source>&amp;Groups</source>
        <translation>联系组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_page.py" line="58"/>
        <source>Re&amp;vert</source>
        <translation>撤销修改(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_page.py" line="60"/>
        <source>Drops the selected row&apos;s edits that have not been sent yet</source>
        <translation>撤销选中行尚未发送的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_page.py" line="65"/>
        <source>&amp;Settle…</source>
        <translation>处理(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_page.py" line="67"/>
        <source>Shows why the server did not take the selected row&apos;s edit, to settle it</source>
        <translation>查看服务器未接受选中行修改的原因，并进行处理</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="118"/>
        <source>{count} of {limit} contacts besides yourself.</source>
        <translation>除您本人外已有 {count} 个联系人，最多 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="68"/>
        <source>{count} of {limit} groups.</source>
        <translation>已有 {count} 个联系组，最多 {limit} 个。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/settings_dialog.py" line="138"/>
        <source>%n edit(s) need you: select the marked row and Settle.</source>
        <translation>
            <numerusform>%n 项修改待处理：请选中带标记的行，然后点击“处理”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/settings_dialog.py" line="141"/>
        <source>%n edit(s) waiting to be sent.</source>
        <translation>
            <numerusform>%n 项修改等待发送。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="143"/>
        <source>Offline: edits are kept and sent when the server is reachable.</source>
        <translation>离线：修改已保存，连上服务器后发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="144"/>
        <source>Everything is saved on the server.</source>
        <translation>所有修改都已保存到服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="132"/>
        <source>At most {limit} contacts besides yourself.</source>
        <translation>除您本人外最多 {limit} 个联系人。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="80"/>
        <source>At most {limit} groups.</source>
        <translation>最多 {limit} 个联系组。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="175"/>
        <source>Delete contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="176"/>
        <source>Delete {name}? They leave every group, and message types left with no recipient go to you, the account contact.</source>
        <translation>确定要删除联系人 {name} 吗？删除后，该联系人将退出所有联系组；没有接收人的消息类型将改为发送给您（账号联系人）。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="198"/>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../desktop/views/contacts_page.py" line="199"/>
        <source>Verification needs the server, and Message Center is offline now. Try again once it is connected.</source>
        <translation>验证需要连接服务器，而消息中心现在处于离线状态。请在连上后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="118"/>
        <source>Delete group</source>
        <translation>删除联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/groups_page.py" line="119"/>
        <source>Delete the group {name}? Message types left with no recipient go to you, the account contact.</source>
        <translation>确定要删除联系组 {name} 吗？删除后，没有接收人的消息类型将改为发送给您（账号联系人）。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="187"/>
        <source>Message type: {name}</source>
        <translation>消息类型：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="190"/>
        <source>Contact: {name}</source>
        <translation>联系人：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="190"/>
        <source>Group: {name}</source>
        <translation>联系组：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="196"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="196"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SettingsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="189"/>
        <source>Groups: {names}</source>
        <translation>联系组：{names}</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="223"/>
        <source>Always on: balance and overdue messages always go by email and SMS.</source>
        <translation>始终开启：余额预警和欠费提醒总是通过邮件和短信发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="226"/>
        <source>Double-click or press Enter to choose who receives it.</source>
        <translation>双击或按回车键选择接收人。</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="244"/>
        <source>{channel} for {type}: on, locked</source>
        <translation>{type}的{channel}通知：已开启，不能关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="246"/>
        <source>{channel} for {type}: on</source>
        <translation>{type}的{channel}通知：已开启</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="248"/>
        <source>{channel} for {type}: off</source>
        <translation>{type}的{channel}通知：已关闭</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="107"/>
        <source>Wrong username or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/sign_in.py" line="111"/>
        <source>Too many attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>尝试次数过多，请在 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="114"/>
        <source>Cannot reach the server. Check the address and your connection.</source>
        <translation>无法连接服务器，请检查地址和网络连接。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="116"/>
        <source>The server refused: {reason}</source>
        <translation>服务器拒绝了登录：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="117"/>
        <source>Sign-in failed: {reason}</source>
        <translation>登录失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="37"/>
        <source>Sign in to Message Center</source>
        <translation>登录消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="38"/>
        <location filename="../../desktop/views/sign_in.py" line="64"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="41"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="43"/>
        <location filename="../../desktop/views/sign_in.py" line="73"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="46"/>
        <location filename="../../desktop/views/sign_in.py" line="74"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="47"/>
        <source>Sign in to your message center</source>
        <translation>登录您的消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="53"/>
        <source>Your password is not stored: a sign-in token is kept in the system keyring.</source>
        <translation>不会保存您的密码：登录令牌保存在系统密钥环中。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="59"/>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="68"/>
        <source>The address of your message center, https://…</source>
        <translation>您的消息中心地址，https://…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="69"/>
        <source>The account&apos;s user name</source>
        <translation>账号的用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="70"/>
        <source>Used once to sign in; never stored</source>
        <translation>仅用于登录，不会保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="72"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="87"/>
        <source>Enter the server address, your username and your password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="90"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../desktop/views/tray.py" line="180"/>
        <source>&amp;Open Message Center</source>
        <translation>打开消息中心(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="184"/>
        <source>Mark &amp;all as read</source>
        <translation>全部标为已读(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="186"/>
        <location filename="../../desktop/views/tray.py" line="247"/>
        <source>&amp;Pause notifications</source>
        <translation>暂停通知(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="200"/>
        <source>For 1 &amp;hour</source>
        <translation>暂停 1 小时(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="201"/>
        <source>Until &amp;tomorrow</source>
        <translation>暂停到明天(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="202"/>
        <source>&amp;Off, until I turn them on</source>
        <translation>关闭，直到我重新开启(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="203"/>
        <source>&amp;Resume notifications</source>
        <translation>恢复通知(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="188"/>
        <source>&amp;Sync now</source>
        <translation>立即同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="189"/>
        <source>P&amp;references…</source>
        <translation>偏好设置(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="191"/>
        <source>&amp;Quit</source>
        <translation>退出消息中心(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="244"/>
        <source>Notifications &amp;paused: off until resumed</source>
        <translation>通知已暂停(&amp;P)：恢复前一直关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="246"/>
        <source>Notifications &amp;paused until {time}</source>
        <translation>通知已暂停至 {time}(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="252"/>
        <source>Notifications are off</source>
        <translation>通知已关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="254"/>
        <source>Notifications paused until {time}</source>
        <translation>通知已暂停至 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="261"/>
        <source>Message Center: {count} unread</source>
        <translation>消息中心：{count} 条未读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="263"/>
        <source>Message Center: no unread messages</source>
        <translation>消息中心：没有未读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="267"/>
        <source>Message Center ({profile}): {count} unread</source>
        <translation>消息中心（{profile}）：{count} 条未读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="269"/>
        <source>Message Center ({profile}): no unread messages</source>
        <translation>消息中心（{profile}）：没有未读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="279"/>
        <source>Offline: {why}</source>
        <translation>离线：{why}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="279"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="353"/>
        <source>Verify {where}</source>
        <translation>验证 {where}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="368"/>
        <source>Verification code</source>
        <translation>验证码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="369"/>
        <source>6 digits</source>
        <translation>6 位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="370"/>
        <source>The 6 digits of the code that was sent</source>
        <translation>收到的 6 位验证码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="376"/>
        <source>Send a &amp;new code</source>
        <translation>重新获取验证码(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="378"/>
        <source>Sends another code; the one sent before stops working</source>
        <translation>重新发送验证码，之前发送的验证码随即失效</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="380"/>
        <source>&amp;Verify</source>
        <translation>验证(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="385"/>
        <source>&amp;Code</source>
        <translation>验证码(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="399"/>
        <source>Sending a code to {where}…</source>
        <translation>正在向 {where} 发送验证码…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="406"/>
        <source>No code was sent.</source>
        <translation>验证码未发送。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/entity_editors.py" line="446"/>
        <source>Too many tries: try again in %n minute(s).</source>
        <translation>
            <numerusform>尝试次数过多，请 %n 分钟后重试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="461"/>
        <source>The server said: {reason}</source>
        <translation>服务器返回：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="413"/>
        <source>Enter the 6-digit code sent to {where}. It is valid for {minutes} minutes.</source>
        <translation>请输入发送到 {where} 的 6 位验证码，{minutes} 分钟内有效。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="417"/>
        <source>Demo: the code is {code}</source>
        <translation>演示：验证码为 {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="452"/>
        <source>This code has expired: a code is valid for {minutes} minutes. Send a new code and enter that one.</source>
        <translation>验证码已过期（有效期 {minutes} 分钟）。请重新获取验证码后输入。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="456"/>
        <source>This is not the code that was sent. Check the digits and enter it again.</source>
        <translation>验证码错误，请核对后重新输入。</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="38"/>
        <source>{field} must be at most %n character(s).</source>
        <translation>
            <numerusform>{field}不能超过 %n 个字符。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="41"/>
        <source>At most %n contact(s) besides yourself.</source>
        <translation>
            <numerusform>除您本人外，最多 %n 个联系人。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="44"/>
        <source>At most %n contact group(s).</source>
        <translation>
            <numerusform>最多 %n 个联系组。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="47"/>
        <source>{field} must be %n digit(s).</source>
        <translation>
            <numerusform>{field}应为 %n 位数字。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="50"/>
        <source>The server is busy; trying again in %n s.</source>
        <translation>
            <numerusform>服务器繁忙，%n 秒后重试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="53"/>
        <source>Live updates stopped by an unexpected error; trying again in %n s.</source>
        <translation>
            <numerusform>实时更新因意外错误中断，%n 秒后重试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="56"/>
        <source>Sync stopped by an unexpected error; trying again in %n s.</source>
        <translation>
            <numerusform>同步因意外错误中断，%n 秒后重试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="60"/>
        <source>The server answers, but sends data this app cannot use (the details are in the log); trying again in %n s.</source>
        <translation>
            <numerusform>服务器有响应，但发来的数据本应用无法使用（详细信息见日志），%n 秒后重试。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/wording.py" line="68"/>
        <source>The local cache was damaged and has been rebuilt; %n unsent change(s) kept.</source>
        <translation>
            <numerusform>本地缓存已损坏，已重新建立；%n 项未发送的修改已保留。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="81"/>
        <source>, </source>
        <comment>list separator</comment>
        <extracomment>Between the items of a list of names. Chinese: 、 (no space).</extracomment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="89"/>
        <source> </source>
        <comment>between sentences</comment>
        <extracomment>Between two sentences. Chinese: nothing (an empty translation would count as missing, so a zero-width space).</extracomment>
        <translation>​</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="95"/>
        <source>{text} ({remark})</source>
        <comment>a name and a remark</comment>
        <extracomment>A remark in parentheses after a name. Chinese: full-width （）, no space.</extracomment>
        <translation>{text}（{remark}）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="102"/>
        <source>Name</source>
        <comment>a contact&apos;s (person&apos;s) name</comment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="103"/>
        <source>Name</source>
        <comment>a contact group&apos;s name</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="104"/>
        <source>Mobile number</source>
        <comment>field</comment>
        <translation>手机号码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="105"/>
        <source>Email address</source>
        <comment>field</comment>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="106"/>
        <source>Verification code</source>
        <comment>field</comment>
        <translation>验证码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="107"/>
        <source>Recipients</source>
        <comment>field</comment>
        <translation>消息接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="108"/>
        <source>Contacts</source>
        <comment>field</comment>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="109"/>
        <source>Contact groups</source>
        <comment>field</comment>
        <translation>联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="110"/>
        <source>Email</source>
        <comment>the channel</comment>
        <translation>邮件通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="111"/>
        <source>SMS</source>
        <comment>the channel</comment>
        <translation>短信通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="112"/>
        <source>Recipient contacts</source>
        <comment>field</comment>
        <translation>接收联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="113"/>
        <source>Recipient groups</source>
        <comment>field</comment>
        <translation>接收联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="114"/>
        <source>Members</source>
        <comment>field</comment>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="140"/>
        <source>{field} must be text.</source>
        <translation>{field}必须是文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="142"/>
        <source>{field} is required.</source>
        <translation>请填写{field}。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="146"/>
        <source>{field} must not contain control characters.</source>
        <translation>{field}不能包含控制字符。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="148"/>
        <source>{field}: 11 digits starting with 1, or + and 8 to 15 digits.</source>
        <translation>{field}应为以 1 开头的 11 位数字，或 + 加 8～15 位数字。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="152"/>
        <source>{field} is not a valid email address.</source>
        <translation>{field}格式不正确。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="154"/>
        <source>Choose contacts or contact groups, not both.</source>
        <translation>请选择联系人或联系组，不能同时选择。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="156"/>
        <source>Choose at least one contact or contact group.</source>
        <translation>请至少选择一个联系人或联系组。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="189"/>
        <source>Cannot reach {server}: no answer.</source>
        <translation>无法连接 {server}：服务器没有响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="191"/>
        <source>{server} refused the connection.</source>
        <translation>{server} 拒绝了连接。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="193"/>
        <source>{server} took too long to answer.</source>
        <translation>{server} 响应超时。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="195"/>
        <source>The certificate of {server} was not accepted.</source>
        <translation>{server} 的证书未通过验证。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="199"/>
        <source>Cannot reach {server}: check the address and your network.</source>
        <translation>无法连接 {server}，请检查地址和网络连接。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="203"/>
        <source>The connection to {server} was lost.</source>
        <translation>与 {server} 的连接已断开。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="212"/>
        <source> Details are in {log}.</source>
        <translation>详细信息见 {log}。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="230"/>
        <source>Changed both here and on the server: {fields}.</source>
        <translation>本地和服务器均修改了：{fields}。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="237"/>
        <source>The local cache was damaged and has been rebuilt.</source>
        <translation>本地缓存已损坏，已重新建立。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="246"/>
        <source>The server failed (error {status}); trying again later.</source>
        <translation>服务器出错（错误码 {status}），稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="252"/>
        <source>The server&apos;s answer was not as expected; trying again later.</source>
        <translation>服务器的响应不符合预期，稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="256"/>
        <source>The local cache cannot be used: {detail}</source>
        <translation>无法使用本地缓存：{detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="261"/>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>登录已失效，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="264"/>
        <source>No system keyring is available: you stay signed in only until Message Center quits.</source>
        <translation>系统密钥环不可用：退出消息中心后需要重新登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="269"/>
        <source>The server refused it again and again, so it was not sent.</source>
        <translation>服务器多次拒绝此修改，修改未发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="272"/>
        <source>It was deleted on the server.</source>
        <translation>该项已在服务器上删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="273"/>
        <source>It was changed on the server, which did not send the new version.</source>
        <translation>该项已在服务器上修改，但服务器未返回修改后的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/wording.py" line="276"/>
        <source>It was changed on the server after you edited it.</source>
        <translation>您修改之后，该项在服务器上也被修改了。</translation>
    </message>
</context>
<context>
    <name>a11y</name>
    <message>
        <location filename="../../desktop/views/a11y.py" line="27"/>
        <source>Keeps what you chose and closes the dialog</source>
        <translation>保留您的选择并关闭对话框</translation>
    </message>
    <message>
        <location filename="../../desktop/views/a11y.py" line="30"/>
        <source>Closes the dialog without changing anything</source>
        <translation>关闭对话框，不做任何更改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/a11y.py" line="33"/>
        <source>Drops your edit: the server&apos;s version stays</source>
        <translation>放弃您的修改：保留服务器上的版本</translation>
    </message>
</context>
</TS>
