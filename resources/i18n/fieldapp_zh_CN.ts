<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="56"/>
        <source>Proposed fine in yuan</source>
        <translation>拟罚款金额（元）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="58"/>
        <source>Record the proposed penalty</source>
        <translation>记录拟处罚意见</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="73"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="73"/>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="73"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="74"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="74"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="81"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="83"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="82"/>
        <source>Timeline (every change, document and photo)</source>
        <translation>执法全过程记录（每次修改、文书和照片）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="103"/>
        <source>Party: {name}</source>
        <translation>当事人：{name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="104"/>
        <source>Enforcement subject: {name}</source>
        <translation>执法主体：{name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="104"/>
        <source>set at filing</source>
        <translation>立案时确定</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="105"/>
        <source>Accepted {a}, filed {f}, decided {d}, served {s}</source>
        <translation>受理 {a}，立案 {f}，决定 {d}，送达 {s}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="110"/>
        <source>Escalated to the area head (片长).</source>
        <translation>已上报片长。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="112"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="112"/>
        <source>returned for more investigation</source>
        <translation>退回补充调查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="113"/>
        <source>Legal review required: {outcome}</source>
        <translation>须经法制审核：{outcome}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="114"/>
        <source>not yet reviewed</source>
        <translation>尚未审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="116"/>
        <source>Proposed fine: {fine} yuan</source>
        <translation>拟罚款：{fine} 元</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="128"/>
        <source>Serve the decision by {due} ({n} days left, 7 working days).</source>
        <translation>应于 {due} 前送达决定书（剩 {n} 天，七个工作日）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="132"/>
        <source>Decide by {due} ({n} days left, 90 days from filing).</source>
        <translation>应于 {due} 前作出决定（剩 {n} 天，立案之日起九十日）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="152"/>
        <source>Escalate to the area head…</source>
        <translation>上报片长…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="158"/>
        <source>Review: pass</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="158"/>
        <source>Review: return</source>
        <translation>审核退回</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="168"/>
        <source>case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="168"/>
        <source>inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="168"/>
        <source>document</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="169"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="201"/>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="201"/>
        <source>edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="201"/>
        <source>finalized</source>
        <translation>定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="203"/>
        <source>superseded</source>
        <translation>已被更正</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="203"/>
        <source>escalated to the area head</source>
        <translation>已上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="204"/>
        <source>legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="204"/>
        <source>penalty proposed</source>
        <translation>拟处罚意见</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="205"/>
        <source>photo added</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="205"/>
        <source>caption edited</source>
        <translation>修改照片说明</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="206"/>
        <source>photo removed</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="206"/>
        <source>case opened</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="221"/>
        <source>Reason (it is kept in the record):</source>
        <translation>理由（将记入档案）：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="237"/>
        <source>Escalate to the area head</source>
        <translation>上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="245"/>
        <source>Legal review</source>
        <translation>法制审核</translation>
    </message>
</context>
<context>
    <name>DocumentEditor</name>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="85"/>
        <source>Save draft (Ctrl+S)</source>
        <translation>保存草稿（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="86"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="87"/>
        <source>Issue and print (Ctrl+P)</source>
        <translation>出具并打印（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="88"/>
        <source>Print again (copy)</source>
        <translation>再次打印（副本）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="89"/>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="90"/>
        <source>Correct (void and supersede)…</source>
        <translation>更正（作废并重新出具）…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="93"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="110"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="110"/>
        <source>issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="110"/>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="178"/>
        <source>Cannot issue yet:</source>
        <translation>暂不能出具：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="181"/>
        <source>Ready to issue.</source>
        <translation>可以出具。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="220"/>
        <source>Issuing</source>
        <translation>正在出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="240"/>
        <source>Reason (it is kept in the record):</source>
        <translation>理由（将记入档案）：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="244"/>
        <source>Void this document</source>
        <translation>作废本文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/editor.py" line="258"/>
        <source>Correct this document</source>
        <translation>更正本文书</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="45"/>
        <source>New document</source>
        <translation>新建文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="49"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="55"/>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="55"/>
        <source>Number</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="55"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="56"/>
        <source>Prints</source>
        <translation>打印次数</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="81"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="81"/>
        <source>issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="81"/>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="90"/>
        <source> (superseded)</source>
        <translation>（已更正）</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../fieldapp/ui/errors.py" line="33"/>
        <source>Something went wrong and nothing was changed. Try again; if it happens again, tell the county IT staff (the details are in the log).</source>
        <translation>出现意外错误，记录没有被修改。请再试一次；如果仍然出错，请联系县局技术人员（详细信息已写入日志）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/errors.py" line="40"/>
        <location filename="../../fieldapp/ui/errors.py" line="47"/>
        <source>Cannot do that</source>
        <translation>无法完成</translation>
    </message>
</context>
<context>
    <name>Gallery</name>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="68"/>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="72"/>
        <source>or drag photos here</source>
        <translation>或把照片拖到这里</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="78"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="137"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="138"/>
        <source>Photos ({patterns})</source>
        <translation>照片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="157"/>
        <source>Save the record first, then add photos.</source>
        <translation>请先保存记录，再添加照片。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="179"/>
        <source>Importing {n} item(s)…</source>
        <translation>正在导入 {n} 项…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="180"/>
        <source>Importing photos</source>
        <translation>正在导入照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="190"/>
        <source>Cancelling… photos already stored stay.</source>
        <translation>正在取消…已保存的照片会保留。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/gallery.py" line="201"/>
        <source>{ok} photo(s) added, {dup} already there, {bad} not added.</source>
        <translation>已添加 {ok} 张照片，{dup} 张已存在，{bad} 张未添加。</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="58"/>
        <source>New joint inspection (Ctrl+N)</source>
        <translation>新建综合查一次（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="64"/>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="65"/>
        <source>Planned for today</source>
        <translation>今日计划检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="66"/>
        <source>Cases needing action</source>
        <translation>待办案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="67"/>
        <source>Area head and legal review</source>
        <translation>片长与法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="69"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="75"/>
        <source>Open sync</source>
        <translation>打开同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="104"/>
        <source>Inspection draft: {place} {party}</source>
        <translation>检查草稿：{place} {party}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="106"/>
        <source>Document draft: {title}</source>
        <translation>文书草稿：{title}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="109"/>
        <source>No drafts.</source>
        <translation>没有草稿。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="112"/>
        <source>Nothing planned for today.</source>
        <translation>今日没有计划检查。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="114"/>
        <source>No case is waiting for you.</source>
        <translation>没有待办案件。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="115"/>
        <source>escalated to the area head</source>
        <translation>已上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="115"/>
        <source>in legal review</source>
        <translation>法制审核中</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="116"/>
        <source>returned by legal review</source>
        <translation>法制审核退回</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="117"/>
        <source>legal review passed: decide</source>
        <translation>法制审核通过：可作出决定</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="120"/>
        <source>Nothing escalated or in review.</source>
        <translation>没有上报或审核中的案件。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="122"/>
        <source>{n} records and {mb:.1f} MB waiting to sync.</source>
        <translation>{n} 条记录、{mb:.1f} MB 待同步。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="123"/>
        <source>Last sync: {when}.</source>
        <translation>上次同步：{when}。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="124"/>
        <source>Never synced.</source>
        <translation>尚未同步过。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="126"/>
        <source>{n} records have problems: open sync to see why.</source>
        <translation>{n} 条记录同步有问题：打开“同步”查看原因。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="133"/>
        <source>accepted {date}, {n} days ago</source>
        <translation>受理于 {date}，已 {n} 天</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="135"/>
        <source>{n} days overdue</source>
        <translation>已超期 {n} 天</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="135"/>
        <source>{n} days left</source>
        <translation>剩 {n} 天</translation>
    </message>
</context>
<context>
    <name>InspectionEditor</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="61"/>
        <source>Save draft (Ctrl+S)</source>
        <translation>保存草稿（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="65"/>
        <source>Finalize</source>
        <translation>定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="82"/>
        <source>1. Party</source>
        <translation>一、当事人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="95"/>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="96"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="97"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="98"/>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="99"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="100"/>
        <source>2. Place and time</source>
        <translation>二、地点和时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="102"/>
        <source>3. Matters and findings</source>
        <translation>三、检查事项和检查情况</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="104"/>
        <source>4. Officers (at least two)</source>
        <translation>四、执法人员（至少两名）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="107"/>
        <source>5. Photos</source>
        <translation>五、现场照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="109"/>
        <source>6. Result</source>
        <translation>六、检查结果</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="111"/>
        <source>7. Documents (inspection record, notices)</source>
        <translation>七、执法文书（现场检查笔录、通知书）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="138"/>
        <source>Joint inspection</source>
        <translation>综合查一次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="155"/>
        <source>This inspection no longer exists.</source>
        <translation>该检查记录已不存在。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="183"/>
        <source>New joint inspection</source>
        <translation>新建综合查一次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="183"/>
        <source>Joint inspection — draft</source>
        <translation>综合查一次 — 草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="184"/>
        <source>Planned inspection</source>
        <translation>计划检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="184"/>
        <source>Joint inspection — final</source>
        <translation>综合查一次 — 已定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="185"/>
        <source>Joint inspection — void</source>
        <translation>综合查一次 — 已作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="241"/>
        <source>Tick at least one matter before saving.</source>
        <translation>请至少勾选一项检查事项后再保存。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="253"/>
        <source>Draft saved at {time}.</source>
        <translation>草稿已于 {time} 保存。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="270"/>
        <source>Choose the party.</source>
        <translation>请选择当事人。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="272"/>
        <source>Tick at least one matter.</source>
        <translation>请至少勾选一项检查事项。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="274"/>
        <source>Mark every matter compliant or not compliant.</source>
        <translation>请为每项事项选择“合规”或“不合规”。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="276"/>
        <source>At least two certified officers must take part (art. 42).</source>
        <translation>须有两名以上持证执法人员参加（第四十二条）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="278"/>
        <source>Choose the result of the visit.</source>
        <translation>请选择检查结果。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="287"/>
        <source>Cannot finalize yet:</source>
        <translation>暂不能定稿：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="307"/>
        <source>Finalizing</source>
        <translation>正在定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/editor.py" line="320"/>
        <source>Finalized. Make the inspection record and the notices in section 7; they print with the enforcement subject the rules give.</source>
        <translation>已定稿。请在第七部分制作现场检查笔录和通知书；文书按规则确定的执法主体打印。</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="42"/>
        <source>Search: title or place, party name, credit code or ID number (Ctrl+F)</source>
        <translation>搜索：案由或地点、当事人名称、统一社会信用代码或身份证号（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="47"/>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="87"/>
        <source>{n}+ records (scroll for more)</source>
        <translation>{n}+ 条记录（向下滚动加载更多）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="88"/>
        <source>{n} records</source>
        <translation>{n} 条记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="105"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="105"/>
        <source>Case</source>
        <translation>案由</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="106"/>
        <location filename="../../fieldapp/ui/lists.py" line="125"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="106"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="107"/>
        <source>Enforcement subject</source>
        <translation>执法主体</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="108"/>
        <source>Filed</source>
        <translation>立案日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="110"/>
        <source>escalated</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="117"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="117"/>
        <source>final</source>
        <translation>已定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="118"/>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="118"/>
        <source>planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="119"/>
        <source>compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="119"/>
        <source>order to correct</source>
        <translation>责令改正</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="120"/>
        <source>on-the-spot penalty</source>
        <translation>当场处罚</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="120"/>
        <source>case opened</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="125"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="126"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="126"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/lists.py" line="127"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="40"/>
        <source>Joint enforcement records — {place} — fieldapp {version}</source>
        <translation>片区联合执法记录 — {place} — fieldapp {version}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="77"/>
        <source>Switch officer</source>
        <translation>切换执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="85"/>
        <source>Lock (Ctrl+L)</source>
        <translation>锁定（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="96"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="97"/>
        <source>Joint inspection</source>
        <translation>综合查一次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="98"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="99"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="100"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="151"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="204"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="205"/>
        <source>The new language is used from the next start. Restart now? Drafts are saved first.</source>
        <translation>新的语言在下次启动时生效。现在重新启动吗？草稿会先保存。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="218"/>
        <source>Signed in: {name} ({cert}), {unit}</source>
        <translation>当前登录：{name}（执法证号 {cert}），{unit}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="257"/>
        <source>Work in progress</source>
        <translation>仍有任务在进行</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="258"/>
        <source>A job is still running (import, printing or sync). Close anyway? Saved records are safe; an unfinished sync continues next time.</source>
        <translation>仍有任务在进行（导入、打印或同步）。仍要关闭吗？已保存的记录不受影响；未完成的同步下次会接着进行。</translation>
    </message>
</context>
<context>
    <name>MatterPicker</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="43"/>
        <source>Filter matters</source>
        <translation>筛选事项</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="75"/>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="75"/>
        <source>Enforcement subject</source>
        <translation>执法主体</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="76"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="76"/>
        <source>Finding</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="129"/>
        <source>Not yet checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="130"/>
        <source>Compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="131"/>
        <source>Not compliant</source>
        <translation>不合规</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="157"/>
        <source>These matters belong to {n} enforcement subjects; each document is issued in the name of its own subject:</source>
        <translation>这些事项分属 {n} 个执法主体，文书分别以各自执法主体的名义出具：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="161"/>
        <source>Enforcement subject: {name}</source>
        <translation>执法主体：{name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/matters.py" line="163"/>
        <source>Tick the matters checked on this visit (several categories may be combined).</source>
        <translation>勾选本次检查的事项（可跨多个领域，综合查一次）。</translation>
    </message>
</context>
<context>
    <name>OfficerPicker</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/officers.py" line="63"/>
        <source>valid until {date}</source>
        <translation>有效期至 {date}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/officers.py" line="100"/>
        <source>Cannot add {name}: </source>
        <translation>不能选择{name}：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/officers.py" line="110"/>
        <source>{n} chosen: at least {min} certified officers must take part (Administrative Penalty Law art. 42).</source>
        <translation>已选 {n} 人：执法人员不得少于 {min} 人且须持有执法证件（行政处罚法第四十二条）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/officers.py" line="114"/>
        <source>{n} officers chosen.</source>
        <translation>已选 {n} 名执法人员。</translation>
    </message>
</context>
<context>
    <name>PartyDialog</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="152"/>
        <source>Register a party</source>
        <translation>登记当事人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="155"/>
        <source>Organisation or business</source>
        <translation>单位或个体工商户</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="156"/>
        <source>Citizen</source>
        <translation>公民</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="162"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="172"/>
        <source>Name</source>
        <translation>名称（姓名）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="173"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="174"/>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="175"/>
        <source>Legal representative</source>
        <translation>法定代表人（负责人）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="176"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="177"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="219"/>
        <source>Check the number</source>
        <translation>请核对号码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="220"/>
        <source>{problem}

Save anyway? Only do this after checking the licence or ID card: some real numbers are irregular.</source>
        <translation>{problem}

仍要保存吗？请先核对营业执照或身份证件：个别真实号码确实不规范。</translation>
    </message>
</context>
<context>
    <name>PartyPicker</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="69"/>
        <source>Name, unified social credit code or ID number</source>
        <translation>名称、统一社会信用代码或身份证号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="72"/>
        <source>Register a new party…</source>
        <translation>登记新当事人…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="107"/>
        <source>No party found: register a new one.</source>
        <translation>没有找到：请登记新当事人。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="119"/>
        <source>No party chosen yet.</source>
        <translation>尚未选择当事人。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/party.py" line="122"/>
        <source>Party: {party}</source>
        <translation>当事人：{party}</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../fieldapp/ui/documents/preview.py" line="20"/>
        <source>The preview appears here.</source>
        <translation>预览显示在这里。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/preview.py" line="39"/>
        <source>The preview cannot be shown ({error}).</source>
        <translation>无法显示预览（{error}）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/preview.py" line="41"/>
        <source>{n} page(s)</source>
        <translation>共 {n} 页</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/preview.py" line="44"/>
        <source>Making the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="40"/>
        <source>Photo {name}</source>
        <translation>照片 {name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="43"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="52"/>
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="52"/>
        <source>GPS</source>
        <translation>GPS 位置</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="53"/>
        <source>Camera</source>
        <translation>拍摄设备</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="54"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="55"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="56"/>
        <source>SHA-256</source>
        <translation>SHA-256 校验值</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="56"/>
        <source>EXIF notes</source>
        <translation>EXIF 提示</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="67"/>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="68"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="69"/>
        <source>Photographer</source>
        <translation>拍摄人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/photos/viewer.py" line="86"/>
        <source>The photo cannot be shown: {why}</source>
        <translation>无法显示照片：{why}</translation>
    </message>
</context>
<context>
    <name>PhotosEditor</name>
    <message>
        <location filename="../../fieldapp/ui/documents/fields.py" line="226"/>
        <source>{n} photo(s) from the record: {captions}</source>
        <translation>本记录的照片 {n} 张：{captions}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../fieldapp/ui/documents/printing.py" line="103"/>
        <location filename="../../fieldapp/ui/documents/printing.py" line="106"/>
        <source>Printing</source>
        <translation>正在打印</translation>
    </message>
</context>
<context>
    <name>ResultBox</name>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="43"/>
        <source>Compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="43"/>
        <source>Order to correct</source>
        <translation>责令改正</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="44"/>
        <source>On-the-spot penalty</source>
        <translation>当场处罚</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="44"/>
        <source>Open a case</source>
        <translation>立案查处</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="58"/>
        <source>Fine</source>
        <translation>罚款</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="59"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="63"/>
        <source>Amount in yuan</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="65"/>
        <source>Penalty</source>
        <translation>处罚</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/inspection/result.py" line="117"/>
        <source> Choose &quot;Open a case&quot; for the general procedure.</source>
        <translation>请选择“立案查处”，适用普通程序。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="35"/>
        <source>Set up this laptop</source>
        <translation>设置本机</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="42"/>
        <source>Welcome</source>
        <translation>欢迎使用</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="44"/>
        <source>This laptop has no enforcement records yet. How should it be set up?</source>
        <translation>本机还没有执法数据。请选择设置方式：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="45"/>
        <source>For one township, without the county server for now</source>
        <translation>为一个乡镇（街道）设置，暂不连接县局服务器</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="47"/>
        <source>Enrol with the county server (a one-time code from the county office)</source>
        <translation>向县局服务器登记（使用县局发放的一次性登记码）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="55"/>
        <source>Jurisdiction and township</source>
        <translation>辖区和乡镇</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="64"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="65"/>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="70"/>
        <source>The first officer</source>
        <translation>第一位执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="71"/>
        <source>Officers sign in with their certificate number and password; add the others after signing in, or by syncing.</source>
        <translation>执法人员用执法证号和密码登录；其他人员可在登录后添加，或通过同步获得。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="84"/>
        <source>Name</source>
        <translation>名称（姓名）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="85"/>
        <source>Certificate number</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="86"/>
        <source>Certificate valid until</source>
        <translation>执法证有效期至</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="87"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="88"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="89"/>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="95"/>
        <source>Enrol with the county</source>
        <translation>向县局登记</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="100"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="101"/>
        <source>One-time code</source>
        <translation>一次性登记码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="132"/>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/setup_wizard.py" line="165"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="60"/>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="61"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="68"/>
        <location filename="../../fieldapp/ui/signin.py" line="103"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="73"/>
        <source>The laptop is shared: sign in as yourself. It locks itself when nobody uses it; unsaved work stays as a draft.</source>
        <translation>本机由执法队共用：请用本人账号登录。无人操作时会自动锁定，未保存的工作会保留为草稿。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="90"/>
        <source> — certificate expired</source>
        <translation> — 执法证已过期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="106"/>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="107"/>
        <source>{name} was signed in. Type the password to continue, or choose another officer: drafts are kept.</source>
        <translation>{name} 已登录。输入密码继续，或选择其他执法人员登录：草稿都会保留。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="118"/>
        <source>Choose your name and type your password.</source>
        <translation>请选择您的姓名并输入密码。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="121"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/signin.py" line="129"/>
        <source>The password is not right. Type it again (capital letters count).</source>
        <translation>密码不正确，请重新输入（注意区分大小写）。</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="60"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="64"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="69"/>
        <source>Sync every night at</source>
        <translation>每晚自动同步，时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="77"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="79"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="79"/>
        <source>Audit log</source>
        <translation>执法全过程记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="79"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="80"/>
        <source>Records</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="80"/>
        <source>Updates from the county</source>
        <translation>县局下发的更新</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="99"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="99"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="99"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="104"/>
        <source>Enrol this laptop with the county server</source>
        <translation>向县局服务器登记本机</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="113"/>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="115"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="116"/>
        <source>One-time code</source>
        <translation>一次性登记码</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="141"/>
        <source>County server: {url}</source>
        <translation>县局服务器：{url}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="142"/>
        <source>This laptop is not enrolled with a county server yet.</source>
        <translation>本机尚未向县局服务器登记。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="143"/>
        <source>{n} records and {mb:.1f} MB of photos waiting.</source>
        <translation>{n} 条记录、{mb:.1f} MB 照片待同步。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="144"/>
        <source>Last complete sync: {when}</source>
        <translation>上次完整同步：{when}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="145"/>
        <source>Never synced completely.</source>
        <translation>尚未完整同步过。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="149"/>
        <source>refused by the county</source>
        <translation>县局拒收</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="149"/>
        <source>changed on both sides</source>
        <translation>双方都有修改</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="167"/>
        <source>Syncing… you can keep working.</source>
        <translation>正在同步…可以继续工作。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="169"/>
        <source>Syncing</source>
        <translation>正在同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="186"/>
        <source>{done:.1f} of {total:.1f} MB</source>
        <translation>{done:.1f} / {total:.1f} MB</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="189"/>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="196"/>
        <source>Sync finished.</source>
        <translation>同步完成。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="196"/>
        <source>Sync finished, but some records are waiting or have problems (listed below).</source>
        <translation>同步已结束，但有记录仍在等待或有问题（见下表）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="198"/>
        <source>The county server cannot be reached: check the network and try again later. Nothing was lost.</source>
        <translation>无法连接县局服务器：请检查网络后再试。数据没有丢失。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="200"/>
        <source>The county server refused the sync:</source>
        <translation>县局服务器拒绝了本次同步：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="201"/>
        <source>Sync stopped. Nothing was lost; the next sync continues where this one stopped.</source>
        <translation>同步已停止。数据没有丢失，下次同步会接着进行。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="205"/>
        <source>Sent {n} records and {photos} photos ({mb:.1f} MB); received {got} records.</source>
        <translation>已上传 {n} 条记录和 {photos} 张照片（{mb:.1f} MB），接收 {got} 条记录。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="226"/>
        <source>Enrolling</source>
        <translation>正在登记</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/sync_panel.py" line="230"/>
        <source>Enrolled. You can sync now.</source>
        <translation>登记成功，现在可以同步。</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <location filename="../../fieldapp/ui/documents/fields.py" line="155"/>
        <source>Question</source>
        <translation>问</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/fields.py" line="155"/>
        <source>Answer</source>
        <translation>答</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/fields.py" line="165"/>
        <source>Add row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/fields.py" line="167"/>
        <source>Remove row</source>
        <translation>删除一行</translation>
    </message>
</context>
</TS>
