<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Announcer</name>
    <message>
        <location filename="../../desktop/announcer.py" line="103"/>
        <source>{count} new messages while you were away: {parts}</source>
        <translation>您不在时收到 {count} 条新消息：{parts}</translation>
    </message>
    <message>
        <location filename="../../desktop/announcer.py" line="105"/>
        <source>{count} new messages: {parts}</source>
        <translation>{count} 条新消息：{parts}</translation>
    </message>
    <message>
        <location filename="../../desktop/announcer.py" line="111"/>
        <source>and {count} more</source>
        <translation>还有 {count} 条</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../desktop/app.py" line="356"/>
        <source>Notifications are off</source>
        <translation>通知已关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="363"/>
        <source>Notifications paused until {time}</source>
        <translation>通知已暂停，至 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="386"/>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="387"/>
        <source>Could not change the login entry: {error}</source>
        <translation>无法更改登录启动项：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="398"/>
        <source>Preferences could not be saved: {error}</source>
        <translation>无法保存偏好设置：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="403"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="404"/>
        <source>Sign out of Message Center? Edits not yet sent stay in the cache.</source>
        <translation>要退出消息中心的登录吗？尚未发送的修改会保留在本地缓存中。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="559"/>
        <source>Message Center cannot start: {error}</source>
        <translation>消息中心无法启动：{error}</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="292"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="293"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="294"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="295"/>
        <source>By email</source>
        <translation>邮件通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="296"/>
        <source>By SMS</source>
        <translation>短信通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="297"/>
        <source>Recipient contacts</source>
        <translation>接收联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="298"/>
        <source>Recipient groups</source>
        <translation>接收联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="299"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="328"/>
        <source>Changed on both sides</source>
        <translation>双方都修改了</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="336"/>
        <source>While your edit waited, this was changed on the server too. Other changes were merged; for each field below, choose which value to keep.</source>
        <translation>在您的修改等待发送期间，服务器上也修改了此项。其他改动已自动合并；请为下面每个字段选择要保留的值。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="344"/>
        <source>&lt;b&gt;Field&lt;/b&gt;</source>
        <translation>&lt;b&gt;字段&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="345"/>
        <source>&lt;b&gt;Yours&lt;/b&gt;</source>
        <translation>&lt;b&gt;您的&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="346"/>
        <source>&lt;b&gt;The server&apos;s&lt;/b&gt;</source>
        <translation>&lt;b&gt;服务器上的&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="356"/>
        <source>Keep your value</source>
        <translation>保留您的值</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="358"/>
        <source>Keep the server&apos;s value</source>
        <translation>保留服务器上的值</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="365"/>
        <source>Send with these values</source>
        <translation>按这些值发送</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="66"/>
        <source>Edit contact</source>
        <translation>修改联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="66"/>
        <source>New contact</source>
        <translation>新增联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="70"/>
        <source>1 to 32 characters</source>
        <translation>1 到 32 个字符</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="71"/>
        <source>11 digits starting with 1, or +country code</source>
        <translation>以 1 开头的 11 位数字，或 + 国家代码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="72"/>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="76"/>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="77"/>
        <source>&amp;Mobile</source>
        <translation>手机(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="78"/>
        <source>&amp;Email</source>
        <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="86"/>
        <source>Changing a mobile or email means verifying it again.</source>
        <translation>修改手机或邮箱后需要重新验证。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="89"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="112"/>
        <source>This {field} {problem}.</source>
        <translation>{field}{problem}。</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="259"/>
        <source>account contact</source>
        <translation>账号联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="261"/>
        <source>primary</source>
        <translation>主联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="265"/>
        <source>{value}  (unverified)</source>
        <translation>{value}  （未验证）</translation>
    </message>
</context>
<context>
    <name>CrashReportDialog</name>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="122"/>
        <source>Message Center: something went wrong</source>
        <translation>消息中心：出错了</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="123"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="127"/>
        <source>Something unexpected went wrong inside Message Center. It is still running, but what you were doing may not have finished: check it, and try again. If it happens again, please copy this report into a bug report. The log file has the details too: {path}</source>
        <translation>消息中心内部发生了意外错误。程序仍在运行，但您刚才的操作可能没有完成：请检查一下，然后重试。如果问题再次出现，请把这份报告复制到问题反馈中。日志文件中也有详细信息：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="139"/>
        <source>Error report</source>
        <translation>错误报告</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="143"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="146"/>
        <source>Puts the report on the clipboard</source>
        <translation>将报告复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="149"/>
        <source>Closes this report; Message Center goes on</source>
        <translation>关闭此报告，消息中心会继续运行</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="164"/>
        <source>More errors came: they are in the log.</source>
        <translation>之后还出现了更多错误，详见日志。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/crash_report.py" line="171"/>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>EntityTableModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="98"/>
        <source>{name} (account contact)</source>
        <translation>{name}（账号联系人）</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="103"/>
        <source>Needs you: Settle…</source>
        <translation>需要您处理：处理…</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="105"/>
        <source>Waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="122"/>
        <source>Message type</source>
        <translation>消息类型</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="123"/>
        <source>Recipients</source>
        <translation>消息接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="124"/>
        <location filename="../../desktop/models/entities.py" line="221"/>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="125"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="219"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="220"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="222"/>
        <source>Groups</source>
        <translation>所属联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="278"/>
        <source>Group</source>
        <translation>联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="279"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="133"/>
        <source>Edit group</source>
        <translation>修改联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="133"/>
        <source>New group</source>
        <translation>新增联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="137"/>
        <source>Group name</source>
        <translation>联系组名称</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="141"/>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="142"/>
        <source>Check the contacts who belong to the group</source>
        <translation>勾选属于此联系组的联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="143"/>
        <source>1 to 32 characters, not the name of another group</source>
        <translation>1 到 32 个字符，不能与其他联系组同名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="155"/>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="158"/>
        <source>Members (a group with none receives nothing):</source>
        <translation>成员（没有成员的联系组收不到通知）：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="160"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="177"/>
        <source>is already the name of another group</source>
        <translation>已被另一个联系组使用</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="178"/>
        <source>This name {problem}.</source>
        <translation>此名称{problem}。</translation>
    </message>
</context>
<context>
    <name>GroupsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="295"/>
        <source>No members: receives nothing</source>
        <translation>没有成员：收不到通知</translation>
    </message>
</context>
<context>
    <name>HeldEdit</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="311"/>
        <source>Discard my edit</source>
        <translation>放弃我的修改</translation>
    </message>
</context>
<context>
    <name>LocalEdits</name>
    <message>
        <location filename="../../desktop/sync/local_edits.py" line="51"/>
        <source>The change could not be saved: {error}</source>
        <translation>无法保存修改：{error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/views/main_window.py" line="143"/>
        <location filename="../../desktop/views/main_window.py" line="145"/>
        <source>Message Center</source>
        <translation>消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="172"/>
        <source>Categories</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="173"/>
        <source>Each category with its unread count</source>
        <translation>各个分类及其未读数</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="178"/>
        <source>Search titles and bodies</source>
        <translation>搜索标题和内容</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="180"/>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="181"/>
        <source>Finds messages by title or body as you type (Ctrl+F)</source>
        <translation>输入时按标题或内容查找消息（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="185"/>
        <source>Unread only</source>
        <translation>仅未读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="186"/>
        <source>Show unread messages only</source>
        <translation>只显示未读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="187"/>
        <source>Hides messages you have read</source>
        <translation>隐藏已读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="196"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="198"/>
        <source>Newest first; J and K move, Enter opens, Delete deletes</source>
        <translation>最新的在前；J 和 K 移动，回车打开，Delete 删除</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="210"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="211"/>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="256"/>
        <source>Mark as read</source>
        <translation>标为已读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="258"/>
        <source>Mark as unread</source>
        <translation>标为未读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="261"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="264"/>
        <source>Mark all as read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="266"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="267"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="270"/>
        <source>Next message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="273"/>
        <source>Previous message</source>
        <translation>上一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="276"/>
        <source>Message settings…</source>
        <translation>消息设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="279"/>
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="281"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="283"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="288"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="295"/>
        <source>&amp;Message</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="307"/>
        <location filename="../../desktop/views/main_window.py" line="310"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="323"/>
        <location filename="../../desktop/views/main_window.py" line="390"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="324"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="327"/>
        <source>Changes waiting to be sent</source>
        <translation>等待发送的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="334"/>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="389"/>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="391"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="392"/>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="404"/>
        <source>Last sync {time}</source>
        <translation>上次同步 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="410"/>
        <source>{n} changes waiting to be sent</source>
        <translation>{n} 项修改等待发送</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="443"/>
        <source>No message matches “{text}”.</source>
        <translation>没有与“{text}”匹配的消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="447"/>
        <source>No unread messages.</source>
        <translation>没有未读消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="449"/>
        <source>No messages here yet.</source>
        <translation>这里还没有消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="499"/>
        <source>That message is no longer here.</source>
        <translation>这条消息已不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="594"/>
        <source>{n} messages deleted.</source>
        <translation>已删除 {n} 条消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="600"/>
        <source>Too late to undo: the delete was already sent.</source>
        <translation>无法撤销：删除已经发送。</translation>
    </message>
</context>
<context>
    <name>MessageDetail</name>
    <message>
        <location filename="../../desktop/views/detail.py" line="59"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="65"/>
        <source>Message title</source>
        <translation>消息标题</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="67"/>
        <source>Message time and type</source>
        <translation>消息时间和类型</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="69"/>
        <source>Previous</source>
        <translation>上一条</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="70"/>
        <source>Previous message</source>
        <translation>上一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="71"/>
        <source>Next</source>
        <translation>下一条</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="72"/>
        <source>Next message</source>
        <translation>下一条消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="75"/>
        <source>Select a message to read it.</source>
        <translation>选择一条消息来阅读。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="97"/>
        <source>Message body</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <location filename="../../desktop/views/detail.py" line="118"/>
        <source>Only the first {limit} of {total} characters are shown.</source>
        <translation>只显示了全部 {total} 个字符中的前 {limit} 个。</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <location filename="../../desktop/preferences.py" line="48"/>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="49"/>
        <source>Quiet hours</source>
        <translation>免打扰时段</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="50"/>
        <source>Starting and closing</source>
        <translation>启动和关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="51"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="62"/>
        <source>No pop-ups during these hours</source>
        <translation>在这些时段内不弹出通知</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="66"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="69"/>
        <source>Until</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="75"/>
        <source>Fault messages break through quiet hours</source>
        <translation>故障消息不受免打扰限制</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="82"/>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="89"/>
        <source>Start minimized in the tray</source>
        <translation>启动时最小化到托盘</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="96"/>
        <source>Closing the window keeps Message Center in the tray</source>
        <translation>关闭窗口后消息中心仍在托盘中运行</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="103"/>
        <source>Colours</source>
        <translation>配色</translation>
    </message>
    <message>
        <location filename="../../desktop/preferences.py" line="111"/>
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
        <location filename="../../desktop/views/entity_editors.py" line="196"/>
        <source>Recipients: {type}</source>
        <translation>消息接收人：{type}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="200"/>
        <source>Notifications reach only verified mobiles and emails: unverified ones receive nothing. Contacts are changed on the Contacts page.</source>
        <translation>系统只向已验证的手机和邮箱发送通知，未验证的联系方式收不到通知。联系人信息请在“联系人”页面修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="215"/>
        <source>Contacts who receive it</source>
        <translation>接收此消息的联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="216"/>
        <source>Groups that receive it</source>
        <translation>接收此消息的联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="218"/>
        <source>Check who receives it: contacts, or groups, not both</source>
        <translation>勾选接收人：联系人或联系组，不能同时选择</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="219"/>
        <source>&amp;Contacts</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="220"/>
        <source>&amp;Groups</source>
        <translation>联系组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="231"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="267"/>
        <source>Choosing a group cleared the contacts you had chosen: a message type goes to contacts or to groups, not both.</source>
        <translation>选择联系组后，已选的联系人被清除：一种消息只能发给联系人或联系组，不能同时发给两者。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="272"/>
        <source>Choosing a contact cleared the groups you had chosen: a message type goes to contacts or to groups, not both.</source>
        <translation>选择联系人后，已选的联系组被清除：一种消息只能发给联系人或联系组，不能同时发给两者。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="287"/>
        <source>Choose at least one contact or group.</source>
        <translation>请至少选择一个联系人或联系组。</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="378"/>
        <source>The server did not take this edit</source>
        <translation>服务器未接受此修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="381"/>
        <source>The server said: {reason}</source>
        <translation>服务器的说明：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="386"/>
        <source>Correct the edit and send it again, or discard it.</source>
        <translation>请更正后重新发送，或放弃此修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="387"/>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/entity_editors.py" line="389"/>
        <source>Opens the edit with the refused values, to correct them</source>
        <translation>用被拒绝的值打开修改，以便更正</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="121"/>
        <source>Message settings</source>
        <translation>消息设置</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="133"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="134"/>
        <source>Closes the dialog; every edit is already saved</source>
        <translation>关闭对话框；所有修改都已保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="152"/>
        <source>Message types and who receives them</source>
        <translation>消息类型及其接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="153"/>
        <source>Space toggles email or SMS; Enter chooses the recipients</source>
        <translation>空格键切换邮件或短信；回车键选择接收人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="156"/>
        <source>Edit &amp;recipients…</source>
        <translation>修改接收人(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="159"/>
        <source>Chooses the contacts or groups who receive the selected message type</source>
        <translation>为选中的消息类型选择接收的联系人或联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="167"/>
        <source>Every message also arrives in Message Center. Locked rows always go by email and SMS.</source>
        <translation>所有消息都会发送到消息中心。锁定的行总是通过邮件和短信发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="171"/>
        <source>&amp;Message settings</source>
        <translation>消息设置(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="175"/>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="176"/>
        <source>You first, then the others; Enter edits</source>
        <translation>您本人在前，然后是其他联系人；回车键修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="179"/>
        <location filename="../../desktop/views/settings_dialog.py" line="226"/>
        <source>&amp;Add…</source>
        <translation>新增(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="182"/>
        <source>Adds a contact (up to 20 besides you)</source>
        <translation>新增联系人（除您本人外最多 20 个）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="185"/>
        <source>&amp;Edit…</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="188"/>
        <source>Changes the selected contact&apos;s name, mobile or email</source>
        <translation>修改选中联系人的姓名、手机或邮箱</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="191"/>
        <location filename="../../desktop/views/settings_dialog.py" line="238"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="194"/>
        <source>Deletes the selected contact (not you, not the primary contact)</source>
        <translation>删除选中的联系人（不能删除您本人或主联系人）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="197"/>
        <source>Set as &amp;primary</source>
        <translation>设为主联系人(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="200"/>
        <source>Makes the selected contact the one staff call first</source>
        <translation>将选中的联系人设为主联系人（工作人员首先联系的人）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="203"/>
        <source>Verify m&amp;obile…</source>
        <translation>验证手机(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="206"/>
        <source>Sends a code to the selected contact&apos;s mobile (online only)</source>
        <translation>向选中联系人的手机发送验证码（仅在线时）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="209"/>
        <source>Verify e&amp;mail…</source>
        <translation>验证邮箱(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="212"/>
        <source>Sends a code to the selected contact&apos;s email (online only)</source>
        <translation>向选中联系人的邮箱发送验证码（仅在线时）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="218"/>
        <source>&amp;Contacts</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="222"/>
        <source>Contact groups</source>
        <translation>联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="223"/>
        <source>The groups and their members; Enter edits</source>
        <translation>联系组及其成员；回车键修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="229"/>
        <source>Adds a contact group (up to 12)</source>
        <translation>新增联系组（最多 12 个）</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="232"/>
        <source>&amp;Edit name and members…</source>
        <translation>修改名称和成员(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="235"/>
        <source>Renames the selected group or changes who is in it</source>
        <translation>修改选中联系组的名称或成员</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="241"/>
        <source>Deletes the selected group</source>
        <translation>删除选中的联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="247"/>
        <source>&amp;Groups</source>
        <translation>联系组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="251"/>
        <source>Re&amp;vert</source>
        <translation>撤回(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="254"/>
        <source>Drops the selected row&apos;s edits that have not been sent yet</source>
        <translation>撤回选中行尚未发送的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="257"/>
        <source>&amp;Settle…</source>
        <translation>处理(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="260"/>
        <source>Shows why the server did not take the selected row&apos;s edit, to settle it</source>
        <translation>显示服务器为何未接受选中行的修改，以便处理</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="285"/>
        <source>{count} of {limit} contacts besides yourself.</source>
        <translation>除您本人外已有 {count} 个联系人，最多 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="290"/>
        <source>{count} of {limit} groups.</source>
        <translation>已有 {count} 个联系组，最多 {limit} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="318"/>
        <source>{count} edit(s) need you: select the marked row and Settle.</source>
        <translation>{count} 项修改需要您处理：选中标记的行，然后点“处理”。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="324"/>
        <source>{count} edit(s) waiting to be sent.</source>
        <translation>{count} 项修改等待发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="327"/>
        <source>Offline: edits are kept and sent when the server is reachable.</source>
        <translation>离线：修改已保存，连上服务器后发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="328"/>
        <source>Everything is saved on the server.</source>
        <translation>所有修改都已保存到服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="337"/>
        <source>At most {limit} contacts besides yourself.</source>
        <translation>除您本人外最多 {limit} 个联系人。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="360"/>
        <source>At most {limit} groups.</source>
        <translation>最多 {limit} 个联系组。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="422"/>
        <source>Delete contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="424"/>
        <source>Delete {name}? They leave every group, and message types left with no recipient go to you, the account contact.</source>
        <translation>要删除 {name} 吗？此联系人将退出所有联系组；因此没有接收人的消息类型将改为发给您（账号联系人）。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="443"/>
        <location filename="../../desktop/views/settings_dialog.py" line="461"/>
        <location filename="../../desktop/views/settings_dialog.py" line="465"/>
        <location filename="../../desktop/views/settings_dialog.py" line="474"/>
        <location filename="../../desktop/views/settings_dialog.py" line="482"/>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="445"/>
        <source>Verification needs the server, and Message Center is offline now. Try again once it is connected.</source>
        <translation>验证需要连接服务器，而消息中心现在处于离线状态。请在连上后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="466"/>
        <source>Enter the 6-digit code sent to {where} (valid for 5 minutes):</source>
        <translation>请输入发送到 {where} 的 6 位验证码（5 分钟内有效）：</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="474"/>
        <source>The code must be 6 digits.</source>
        <translation>验证码必须是 6 位数字。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="511"/>
        <source>Delete group</source>
        <translation>删除联系组</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="513"/>
        <source>Delete the group {name}? Message types left with no recipient go to you, the account contact.</source>
        <translation>要删除联系组 {name} 吗？因此没有接收人的消息类型将改为发给您（账号联系人）。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="573"/>
        <source>Message type: {name}</source>
        <translation>消息类型：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="576"/>
        <source>Contact: {name}</source>
        <translation>联系人：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="576"/>
        <source>Group: {name}</source>
        <translation>联系组：{name}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="582"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_dialog.py" line="582"/>
        <source>off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>SettingsModel</name>
    <message>
        <location filename="../../desktop/models/entities.py" line="147"/>
        <source>Groups: {names}</source>
        <translation>联系组：{names}</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="179"/>
        <source>Always on: balance and overdue messages always go by email and SMS.</source>
        <translation>始终开启：余额预警和欠费提醒总是通过邮件和短信发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/models/entities.py" line="182"/>
        <source>Double-click or press Enter to choose who receives it.</source>
        <translation>双击或按回车键选择接收人。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="46"/>
        <source>Sign in to Message Center</source>
        <translation>登录消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="47"/>
        <location filename="../../desktop/views/sign_in.py" line="73"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="50"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="52"/>
        <location filename="../../desktop/views/sign_in.py" line="82"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="55"/>
        <location filename="../../desktop/views/sign_in.py" line="83"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="56"/>
        <source>Sign in to your message center</source>
        <translation>登录您的消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="62"/>
        <source>Your password is not stored: a sign-in token is kept in the system keyring.</source>
        <translation>不会保存您的密码：登录令牌保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="68"/>
        <source>Sign-in problem</source>
        <translation>登录问题</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="77"/>
        <source>The address of your message center, https://…</source>
        <translation>您的消息中心地址，https://…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="78"/>
        <source>The account&apos;s user name</source>
        <translation>账号的用户名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="79"/>
        <source>Used once to sign in; never stored</source>
        <translation>仅用于登录，不会保存</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="81"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="98"/>
        <source>Enter the server address, your username and your password.</source>
        <translation>请输入服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../desktop/views/sign_in.py" line="101"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../desktop/views/tray.py" line="167"/>
        <source>Open Message Center</source>
        <translation>打开消息中心</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="170"/>
        <source>Mark all as read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="172"/>
        <source>Pause notifications</source>
        <translation>暂停通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="177"/>
        <source>For 1 hour</source>
        <translation>暂停 1 小时</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="178"/>
        <source>Until tomorrow</source>
        <translation>暂停到明天</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="179"/>
        <source>Off, until I turn them on</source>
        <translation>关闭，直到我重新打开</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="180"/>
        <source>Resume notifications</source>
        <translation>恢复通知</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="186"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="187"/>
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="189"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="223"/>
        <source>Message Center: {count} unread</source>
        <translation>消息中心：{count} 条未读</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="225"/>
        <source>Message Center: no unread messages</source>
        <translation>消息中心：没有未读消息</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="234"/>
        <source>Offline: {why}</source>
        <translation>离线：{why}</translation>
    </message>
    <message>
        <location filename="../../desktop/views/tray.py" line="234"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>a11y</name>
    <message>
        <location filename="../../desktop/views/a11y.py" line="20"/>
        <source>Keeps what you chose and closes the dialog</source>
        <translation>保留您的选择并关闭对话框</translation>
    </message>
    <message>
        <location filename="../../desktop/views/a11y.py" line="23"/>
        <source>Closes the dialog without changing anything</source>
        <translation>关闭对话框，不做任何更改</translation>
    </message>
    <message>
        <location filename="../../desktop/views/a11y.py" line="26"/>
        <source>Drops your edit: the server&apos;s version stays</source>
        <translation>放弃您的修改：保留服务器上的版本</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <location filename="../../desktop/engine_text.py" line="17"/>
        <source>Cannot reach {server}: no answer</source>
        <translation>无法连接 {server}：没有响应</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="21"/>
        <source>Cannot reach {server} ({why})</source>
        <translation>无法连接 {server}（{why}）</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="25"/>
        <source>The server&apos;s certificate was not accepted</source>
        <translation>服务器证书未通过验证</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="27"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="31"/>
        <source>Sync stopped: {reason}. Trying again in {seconds} s. Details are in {log}.</source>
        <translation>同步已停止：{reason}。{seconds} 秒后重试。详细信息见 {log}。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="38"/>
        <source>Sync stopped: {reason}. Trying again in {seconds} s.</source>
        <translation>同步已停止：{reason}。{seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="43"/>
        <source>Live updates stopped: {reason}. Trying again in {seconds} s. Details are in {log}.</source>
        <translation>实时更新已停止：{reason}。{seconds} 秒后重试。详细信息见 {log}。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="51"/>
        <source>Live updates stopped: {reason}. Trying again in {seconds} s.</source>
        <translation>实时更新已停止：{reason}。{seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="57"/>
        <source>The server no longer accepts this sign-in.</source>
        <translation>服务器不再接受此次登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="61"/>
        <source>It was deleted on the server.</source>
        <translation>它已在服务器上被删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="65"/>
        <source>It changed on the server, which did not say how.</source>
        <translation>它在服务器上被修改了，但服务器没有说明修改内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="69"/>
        <source>It changed on the server since you edited it.</source>
        <translation>在您修改之后，它在服务器上也被修改了。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="73"/>
        <source>Changed on both sides: {fields}.</source>
        <translation>双方都修改了：{fields}。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="77"/>
        <source>No system keyring is available: you stay signed in only until Message Center quits.</source>
        <translation>没有可用的系统钥匙串：退出消息中心后需要重新登录。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="86"/>
        <source>The local cache was damaged and is being rebuilt; {count} unsent edits were kept.</source>
        <translation>本地缓存已损坏，正在重建；保留了 {count} 项未发送的修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/engine_text.py" line="93"/>
        <source>The local cache was damaged and is being rebuilt.</source>
        <translation>本地缓存已损坏，正在重建。</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="10"/>
        <source>is required</source>
        <translation>不能为空</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="11"/>
        <source>must be text</source>
        <translation>必须是文字</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="12"/>
        <source>must be at most 32 characters</source>
        <translation>最多 32 个字符</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="13"/>
        <source>must not contain control characters</source>
        <translation>不能包含控制字符</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="14"/>
        <source>must be 11 digits starting with 1, or + followed by 8 to 15 digits</source>
        <translation>必须是以 1 开头的 11 位数字，或 + 加 8 到 15 位数字</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="17"/>
        <source>must be a valid email address</source>
        <translation>必须是有效的邮箱地址</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="18"/>
        <source>name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="19"/>
        <source>mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../desktop/views/rule_text.py" line="20"/>
        <source>email</source>
        <translation>邮箱</translation>
    </message>
</context>
</TS>
