<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AreaQueueTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="40"/>
        <source>Cases escalated to the area head: {areas} (oldest first)</source>
        <translation>报片长的案件：{areas}（按时间先后）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="43"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="43"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="43"/>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="43"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="44"/>
        <source>Filed</source>
        <translation>立案日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="44"/>
        <source>Escalated</source>
        <translation>报片长日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="44"/>
        <source>Reason</source>
        <translation>报告事由</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="45"/>
        <source>Deadline</source>
        <translation>法定期限</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="45"/>
        <source>Joint action</source>
        <translation>联合执法</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="49"/>
        <source>Open the case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="51"/>
        <source>Assign a joint action…</source>
        <translation>安排联合执法…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="56"/>
        <source>Disputed subject…</source>
        <translation>主体争议…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="60"/>
        <source>Record attendance…</source>
        <translation>登记出勤…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/queue.py" line="88"/>
        <source>assigned</source>
        <translation>已安排</translation>
    </message>
</context>
<context>
    <name>AttendanceDialog</name>
    <message>
        <location filename="../../fieldapp/ui/county/attendance.py" line="38"/>
        <source>Record attendance</source>
        <translation>登记出勤</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/attendance.py" line="47"/>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/attendance.py" line="50"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/attendance.py" line="92"/>
        <source>Tick the officers who were present.</source>
        <translation>请勾选出勤的执法人员。</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="61"/>
        <source>Proposed fine in yuan</source>
        <translation>拟罚款金额（元）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="63"/>
        <source>Record the proposed penalty</source>
        <translation>记录拟处罚意见</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="87"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="87"/>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="87"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="88"/>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="88"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="95"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="97"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="96"/>
        <source>Timeline (every change, document and photo)</source>
        <translation>执法全过程记录（每次修改、文书和照片）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="68"/>
        <source>Penalty decision document…</source>
        <translation>制作行政处罚决定书…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="117"/>
        <source>Party: {name}</source>
        <translation>当事人：{name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="118"/>
        <source>Enforcement subject: {name}</source>
        <translation>执法主体：{name}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="118"/>
        <source>set at filing</source>
        <translation>立案时确定</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="119"/>
        <source>Accepted {a}, filed {f}, decided {d}, served {s}</source>
        <translation>受理 {a}，立案 {f}，决定 {d}，送达 {s}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="124"/>
        <source>Escalated to the area head (片长).</source>
        <translation>已上报片长。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="126"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="126"/>
        <source>returned for more investigation</source>
        <translation>退回补充调查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="127"/>
        <source>Legal review required: {outcome}</source>
        <translation>须经法制审核：{outcome}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="128"/>
        <source>not yet reviewed</source>
        <translation>尚未审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="130"/>
        <source>Proposed fine: {fine} yuan</source>
        <translation>拟罚款：{fine} 元</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="162"/>
        <source>Serve the decision by {due} ({n} days left, 7 working days).</source>
        <translation>应于 {due} 前送达决定书（剩 {n} 天，七个工作日）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="166"/>
        <source>Decide by {due} ({n} days left, 90 days from filing).</source>
        <translation>应于 {due} 前作出决定（剩 {n} 天，立案之日起九十日）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="186"/>
        <source>Escalate to the area head…</source>
        <translation>上报片长…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="192"/>
        <source>Review: pass</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="192"/>
        <source>Review: return</source>
        <translation>审核退回</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>inspection</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="202"/>
        <source>document</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="203"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="235"/>
        <source>created</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="235"/>
        <source>edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="235"/>
        <source>finalized</source>
        <translation>定稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="236"/>
        <source>voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="236"/>
        <source>issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="236"/>
        <source>printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="237"/>
        <source>superseded</source>
        <translation>已被更正</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="237"/>
        <source>escalated to the area head</source>
        <translation>已上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="238"/>
        <source>legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="238"/>
        <source>penalty proposed</source>
        <translation>拟处罚意见</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="239"/>
        <source>photo added</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="239"/>
        <source>caption edited</source>
        <translation>修改照片说明</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="240"/>
        <source>photo removed</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="240"/>
        <source>case opened</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="255"/>
        <source>Reason (it is kept in the record):</source>
        <translation>理由（将记入档案）：</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="271"/>
        <source>Escalate to the area head</source>
        <translation>上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="279"/>
        <source>Legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/cases/page.py" line="281"/>
        <source>A returned case needs the reason.</source>
        <translation>退回须写明理由。</translation>
    </message>
</context>
<context>
    <name>County</name>
    <message>
        <location filename="../../fieldapp/ui/county/widgets.py" line="88"/>
        <source>township staff</source>
        <translation>乡镇（街道）人员</translation>
    </message>
</context>
<context>
    <name>CountyPage</name>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="57"/>
        <source>{county}: area joint enforcement</source>
        <translation>{county}片区联合执法</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="58"/>
        <source>Area head&apos;s queue</source>
        <translation>片长待办</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="59"/>
        <source>Legal review</source>
        <translation>法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="60"/>
        <source>Roster</source>
        <translation>执法人员花名册</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="61"/>
        <source>Plans and draws</source>
        <translation>计划与双随机</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="62"/>
        <source>Published lists</source>
        <translation>公布清单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/page.py" line="63"/>
        <source>Quarterly figures</source>
        <translation>季度统计</translation>
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
        <location filename="../../fieldapp/ui/documents/panel.py" line="48"/>
        <source>New document</source>
        <translation>新建文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="52"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="58"/>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="58"/>
        <source>Number</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="58"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="59"/>
        <source>Prints</source>
        <translation>打印次数</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="84"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="84"/>
        <source>issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="84"/>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/documents/panel.py" line="93"/>
        <source> (superseded)</source>
        <translation>（已更正）</translation>
    </message>
</context>
<context>
    <name>DrawsTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="62"/>
        <location filename="../../fieldapp/ui/county/draws.py" line="121"/>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="62"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="62"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="63"/>
        <source>Matters</source>
        <translation>事项数</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="63"/>
        <source>Seed commitment</source>
        <translation>种子承诺</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="65"/>
        <source>Annual plans (select those to draw)</source>
        <translation>年度检查计划（选择要抽取的计划）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="73"/>
        <source>Target</source>
        <translation>检查对象</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="73"/>
        <source>Inspectors</source>
        <translation>执法检查人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="73"/>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="74"/>
        <location filename="../../fieldapp/ui/county/draws.py" line="96"/>
        <location filename="../../fieldapp/ui/county/draws.py" line="121"/>
        <source>Period</source>
        <translation>期次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="74"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="77"/>
        <source>Result of the round</source>
        <translation>本轮抽取结果</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="81"/>
        <source>Targets inspected more often than their yearly limit</source>
        <translation>超过年度检查上限的对象</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="91"/>
        <source>Run a round</source>
        <translation>抽取一轮</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="101"/>
        <location filename="../../fieldapp/ui/county/draws.py" line="121"/>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="106"/>
        <source>New seed</source>
        <translation>新种子</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="109"/>
        <location filename="../../fieldapp/ui/county/draws.py" line="121"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="110"/>
        <source>Draw the round</source>
        <translation>抽取本轮</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="119"/>
        <source>Recorded draws</source>
        <translation>抽取记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="122"/>
        <source>Result hash</source>
        <translation>结果哈希</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="122"/>
        <source>Drawn by</source>
        <translation>抽取人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="122"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="127"/>
        <source>Verify the draw</source>
        <translation>核验抽取</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="165"/>
        <source>There is no plan to draw from.</source>
        <translation>没有可供抽取的检查计划。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="168"/>
        <source>A round needs a seed and a period.</source>
        <translation>抽取须填写种子和期次。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="181"/>
        <source>Drawing…</source>
        <translation>正在抽取…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="182"/>
        <source>Drawing the round</source>
        <translation>正在抽取本轮</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="192"/>
        <source>Round {round} of {period} drawn with seed {seed}: {d} draws, {n} planned inspections.</source>
        <translation>{period} 第{round}轮已抽取，种子 {seed}：抽取记录{d}条，生成计划检查{n}项。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="198"/>
        <source>No item of these plans runs in this round: an item checked k times a year runs in k evenly spread rounds.</source>
        <translation>所选计划在本轮没有需要抽取的事项：每年检查k次的事项，均匀安排在k个轮次中。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="215"/>
        <source>too few inspectors after recusal: assign by hand</source>
        <translation>回避后可抽取的执法人员不足，须另行安排</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="225"/>
        <source>Seed {seed} · period {period} · round {round}</source>
        <translation>种子 {seed} · 期次 {period} · 第{round}轮</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="231"/>
        <source>{name}: {visits} visits this year, limit {limit}</source>
        <translation>{name}：本年度检查{visits}次，上限{limit}次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="238"/>
        <source>No target over its yearly limit.</source>
        <translation>没有对象超过年度检查上限。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="243"/>
        <source>Choose a recorded draw first.</source>
        <translation>请先选择一条抽取记录。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="252"/>
        <source>Reproducible: re-running the recorded seed and inputs gives the same draw.</source>
        <translation>可重现：按记录的种子和输入重新抽取，结果相同。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/draws.py" line="255"/>
        <source>Does not verify:</source>
        <translation>核验不通过：</translation>
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
        <location filename="../../fieldapp/ui/home.py" line="59"/>
        <source>Area work (片长, review, roster, figures)</source>
        <translation>片区管理（片长待办、法制审核、花名册、统计）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="65"/>
        <source>New joint inspection (Ctrl+N)</source>
        <translation>新建综合查一次（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="71"/>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="72"/>
        <source>Planned for today</source>
        <translation>今日计划检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="73"/>
        <source>Cases needing action</source>
        <translation>待办案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="74"/>
        <source>Area head and legal review</source>
        <translation>片长与法制审核</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="76"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="82"/>
        <source>Open sync</source>
        <translation>打开同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="111"/>
        <source>Inspection draft: {place} {party}</source>
        <translation>检查草稿：{place} {party}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="113"/>
        <source>Document draft: {title}</source>
        <translation>文书草稿：{title}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="116"/>
        <source>No drafts.</source>
        <translation>没有草稿。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="119"/>
        <source>Nothing planned for today.</source>
        <translation>今日没有计划检查。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="121"/>
        <source>No case is waiting for you.</source>
        <translation>没有待办案件。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="122"/>
        <source>escalated to the area head</source>
        <translation>已上报片长</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="122"/>
        <source>in legal review</source>
        <translation>法制审核中</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="123"/>
        <source>returned by legal review</source>
        <translation>法制审核退回</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="124"/>
        <source>legal review passed: decide</source>
        <translation>法制审核通过：可作出决定</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="127"/>
        <source>Nothing escalated or in review.</source>
        <translation>没有上报或审核中的案件。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="129"/>
        <source>{n} records and {mb:.1f} MB waiting to sync.</source>
        <translation>{n} 条记录、{mb:.1f} MB 待同步。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="130"/>
        <source>Last sync: {when}.</source>
        <translation>上次同步：{when}。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="131"/>
        <source>Never synced.</source>
        <translation>尚未同步过。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="133"/>
        <source>{n} records have problems: open sync to see why.</source>
        <translation>{n} 条记录同步有问题：打开“同步”查看原因。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="140"/>
        <source>accepted {date}, {n} days ago</source>
        <translation>受理于 {date}，已 {n} 天</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="142"/>
        <source>{n} days overdue</source>
        <translation>已超期 {n} 天</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/home.py" line="142"/>
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
    <name>JointActionDialog</name>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="45"/>
        <source>Assign a joint action</source>
        <translation>安排联合执法</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="49"/>
        <source>Case: {title} ({township})</source>
        <translation>案件：{title}（{township}）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="56"/>
        <source>Date of the action</source>
        <translation>行动日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="59"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="79"/>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="80"/>
        <source>Departments whose matters it covers</source>
        <translation>涉及事项的部门</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/joint.py" line="120"/>
        <source>The action meets the rules: officers from {n} units.</source>
        <translation>符合规定：执法人员来自{n}个单位。</translation>
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
    <name>ListsTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="42"/>
        <source>Publish an area&apos;s joint team (names, units, certificate numbers) or its joint-enforcement matter list. Each published list is recorded with the hash of its content, printed on the PDF.</source>
        <translation>公布片区联合执法人员名单（姓名、单位、执法证号）或联合执法事项清单。每次公布都记录清单内容的哈希值，并印在 PDF 上。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="54"/>
        <location filename="../../fieldapp/ui/county/lists.py" line="98"/>
        <source>Personnel list</source>
        <translation>人员名单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="55"/>
        <location filename="../../fieldapp/ui/county/lists.py" line="98"/>
        <source>Matter list</source>
        <translation>事项清单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="62"/>
        <source>Publish and export…</source>
        <translation>公布并导出…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="65"/>
        <location filename="../../fieldapp/ui/county/lists.py" line="72"/>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="65"/>
        <location filename="../../fieldapp/ui/county/lists.py" line="72"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="72"/>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="73"/>
        <source>Content hash (sha256)</source>
        <translation>内容哈希（sha256）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="73"/>
        <source>Published by</source>
        <translation>公布人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="121"/>
        <source>Export the list</source>
        <translation>导出清单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="132"/>
        <source>Exporting the list</source>
        <translation>正在导出清单</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/lists.py" line="140"/>
        <source>Published and saved to {path} (content hash {sha}).</source>
        <translation>已公布并保存到 {path}（内容哈希 {sha}）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="41"/>
        <source>Joint enforcement records — {place} — fieldapp {version}</source>
        <translation>片区联合执法记录 — {place} — fieldapp {version}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="78"/>
        <source>Switch officer</source>
        <translation>切换执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="86"/>
        <source>Lock (Ctrl+L)</source>
        <translation>锁定（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="97"/>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="98"/>
        <source>Joint inspection</source>
        <translation>综合查一次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="99"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="100"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="101"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="102"/>
        <source>County</source>
        <translation>片区管理</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="158"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="211"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="212"/>
        <source>The new language is used from the next start. Restart now? Drafts are saved first.</source>
        <translation>新的语言在下次启动时生效。现在重新启动吗？草稿会先保存。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="239"/>
        <source>Signed in: {name} ({cert}), {unit}</source>
        <translation>当前登录：{name}（执法证号 {cert}），{unit}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="278"/>
        <source>Work in progress</source>
        <translation>仍有任务在进行</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/main_window.py" line="279"/>
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
    <name>QuarterlyTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="48"/>
        <source>Quarter {n}</source>
        <translation>第{n}季度</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="50"/>
        <source>Show</source>
        <translation>统计</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="53"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="56"/>
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="56"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="73"/>
        <source>Per area</source>
        <translation>按片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="73"/>
        <source>Per officer</source>
        <translation>按执法人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="74"/>
        <source>Per township and category</source>
        <translation>按乡镇和类别</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="75"/>
        <source>Linked officers&apos; evaluation</source>
        <translation>挂钩人员评价</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="92"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="94"/>
        <source>Counting the quarter</source>
        <translation>正在统计本季度</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="103"/>
        <source>{label}, counted up to {as_of}.</source>
        <translation>{label}，统计至 {as_of}。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="106"/>
        <source>{label}: per area</source>
        <translation>{label}各片区情况</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="107"/>
        <source>Inspections</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="108"/>
        <source>Cases filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="109"/>
        <source>Joint actions</source>
        <translation>联合行动</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="110"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="114"/>
        <source>Export the quarterly figures</source>
        <translation>导出季度统计</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="124"/>
        <source>Exporting the quarterly figures</source>
        <translation>正在导出季度统计</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/quarterly.py" line="125"/>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>RatingsPanel</name>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="41"/>
        <source>{source}: a linked officer whose area rating is not 优秀 cannot be graded 好 this quarter; only the grades allowed are offered.</source>
        <translation>{source}：挂钩执法人员片区季度评价未能优秀的，个人季度平时考核不得评为“好”等次；下拉框只列出允许的等次。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="44"/>
        <source>{name} evaluates yearly, with the area head&apos;s signature; quarterly grades are recorded here without the quarterly rule.</source>
        <translation>{name}实行年度考核（须有片长签署意见）；此处记录季度评价，不适用季度评价规则。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="49"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="49"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="49"/>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="50"/>
        <source>Area rating</source>
        <translation>片区评价</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="50"/>
        <source>Personal grade</source>
        <translation>平时考核等次</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="53"/>
        <source>Save the ratings</source>
        <translation>保存评价</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="73"/>
        <source>not rated</source>
        <translation>未评价</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="86"/>
        <source>No linked officer on the roster.</source>
        <translation>花名册中没有挂钩执法人员。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="112"/>
        <source>Rate at least one officer first.</source>
        <translation>请至少评价一名执法人员。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/ratings.py" line="118"/>
        <source>{n} ratings saved.</source>
        <translation>已保存{n}条评价。</translation>
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
    <name>ReviewTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="24"/>
        <source>Cases waiting for legal review (oldest first). A decision can be issued only after review has passed (Administrative Penalty Law art. 58).</source>
        <translation>待法制审核的案件（按时间先后）。法制审核通过后方可作出处罚决定（行政处罚法第五十八条）。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="26"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="26"/>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="26"/>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="26"/>
        <source>Filed</source>
        <translation>立案日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="27"/>
        <source>Proposed fine (yuan)</source>
        <translation>拟罚款（元）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="27"/>
        <source>Earlier outcome</source>
        <translation>此前结论</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="33"/>
        <source>Review note (a return needs the reason)</source>
        <translation>审核意见（退回须写明理由）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="35"/>
        <source>Pass</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="36"/>
        <source>Return for more investigation</source>
        <translation>退回补充调查</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="41"/>
        <source>Open the case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="60"/>
        <source>returned before</source>
        <translation>曾被退回</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="81"/>
        <source>Choose a case first.</source>
        <translation>请先选择案件。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="85"/>
        <source>A returned case needs the reason: write it in the note first.</source>
        <translation>退回须写明理由：请先填写审核意见。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="98"/>
        <source>Review passed: the decision can now be issued.</source>
        <translation>审核通过：现在可以作出处罚决定。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/review.py" line="99"/>
        <source>Returned to the township for more investigation.</source>
        <translation>已退回乡镇补充调查。</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="47"/>
        <source>Checked on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="56"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="62"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="62"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="62"/>
        <source>Certificate</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="63"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="63"/>
        <source>Area</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="63"/>
        <source>Township</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="64"/>
        <source>Sent down</source>
        <translation>下沉方式</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="66"/>
        <source>Rules of the programme not met</source>
        <translation>未达到实施方案要求的事项</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="99"/>
        <source>township staff</source>
        <translation>乡镇（街道）人员</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="106"/>
        <source>Every staffing rule of the programme is met.</source>
        <translation>人员配备符合实施方案的全部要求。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="107"/>
        <source>{n} officers on the roster, {q} qualified on the date; {b} rules not met.</source>
        <translation>花名册共{n}人，当日具备执法资格{q}人；{b}项未达要求。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="112"/>
        <source>Import the roster</source>
        <translation>导入花名册</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="112"/>
        <source>Roster CSV (*.csv)</source>
        <translation>花名册 CSV（*.csv）</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="122"/>
        <source>Importing the roster</source>
        <translation>正在导入花名册</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="135"/>
        <source>{n} roster rows imported.</source>
        <translation>已导入花名册{n}行。</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="145"/>
        <source>Line {line}: {msg}</source>
        <translation>第{line}行：{msg}</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/roster.py" line="149"/>
        <source>Rows not imported:</source>
        <translation>未导入的行：</translation>
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
    <name>SubjectDisputeDialog</name>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="41"/>
        <source>Disputed enforcement subject</source>
        <translation>执法主体争议</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="50"/>
        <source>Subjects that claim (or refuse) the case: tick at least two</source>
        <translation>主张（或推诿）管辖的执法主体：至少勾选两个</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="66"/>
        <source>Subject determined</source>
        <translation>明确的处罚主体</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="67"/>
        <source>Determined by</source>
        <translation>明确单位</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="70"/>
        <source>document number or note of the determination</source>
        <translation>明确意见的文号或说明</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="71"/>
        <source>Reference</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../fieldapp/ui/county/dispute.py" line="101"/>
        <source>A dispute needs at least two subjects that claim the case.</source>
        <translation>主体争议须有至少两个主张的执法主体。</translation>
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
