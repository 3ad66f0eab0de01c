/**
 * The demo page's script (GET /demo/app.js): plain browser JavaScript on the socket.io
 * client. It streams `chat:token` into the answer, lists `chat:sources` as links, stops
 * with `chat:stop`, shows the answer's mode from `chat:done`, and after a dropped
 * connection resumes the answer in flight with `chat:resume` from the last token it saw.
 * Text is rendered with DOM nodes only (never innerHTML), with a small Markdown subset.
 */
export const PAGE_JS =
  String.raw`(function () {
  'use strict';

  var log = document.getElementById('log');
  var welcome = document.getElementById('welcome');
  var form = document.getElementById('composer');
  var question = document.getElementById('question');
  var sendButton = document.getElementById('send');
  var stopButton = document.getElementById('stop');
  var statusEl = document.getElementById('status');
  var statusText = document.getElementById('status-text');

  var chatId = null;
  var answers = {};     // messageId → answer being shown
  var early = {};       // events that beat chat:send's acknowledgement
  var current = null;   // the answer in flight, if any
  var sending = false;

  var socket = io({ transports: ['websocket', 'polling'], reconnectionDelay: 300, reconnectionDelayMax: 3000 });

  function setStatus(state, text) {
    statusEl.setAttribute('data-state', state);
    statusText.textContent = text;
  }

  socket.on('connect', function () {
    setStatus('online', 'Connected');
    if (current && !current.finished) resume(current);
  });
  socket.on('disconnect', function () {
    setStatus('offline', 'Reconnecting…');
  });
  socket.on('connect_error', function (error) {
    var body = error && error.data;
    if (body && body.code === 'RATE_LIMITED') setStatus('offline', 'Busy, retrying in ' + seconds(body.retryAfterMs) + ' s');
    else setStatus('offline', 'Reconnecting…');
  });

  socket.on('chat:token', function (event) { route(event, onToken); });
  socket.on('chat:sources', function (event) { route(event, onSources); });
  socket.on('chat:done', function (event) { route(event, onDone); });
  socket.on('chat:error', function (event) {
    if (event.messageId) return route(event, onError);
    showSystem(describeError(event));
  });

  function route(event, handler) {
    var answer = answers[event.messageId];
    if (answer) return handler(answer, event);
    (early[event.messageId] = early[event.messageId] || []).push([handler, event]);
  }

  function onToken(answer, event) {
    if (event.seq <= answer.lastSeq) return; // already shown (a replay after resume)
    answer.lastSeq = event.seq;
    answer.text += event.text;
    renderText(answer);
  }

  function onSources(answer, event) {
    answer.sources = event.sources;
    renderText(answer);
    renderSources(answer);
  }

  function onDone(answer, event) {
    finish(answer);
    var mode = document.createElement('span');
    mode.className = 'mode';
    mode.setAttribute('data-mode', event.mode);
    mode.setAttribute('data-testid', 'mode');
    mode.textContent = event.mode === 'llm' ? 'LLM' : 'Retrieval-only';
    answer.meta.appendChild(mode);
    if (event.cancelled) addNote(answer, 'Stopped');
  }

  function onError(answer, event) {
    finish(answer);
    answer.el.classList.add('failed');
    var box = document.createElement('div');
    box.className = 'error';
    box.textContent = describeError(event);
    answer.el.appendChild(box);
  }

  function finish(answer) {
    answer.finished = true;
    answer.el.classList.remove('streaming');
    if (current === answer) current = null;
    setBusy(false);
  }

  function addNote(answer, text) {
    var note = document.createElement('span');
    note.className = 'note';
    note.textContent = text;
    answer.meta.appendChild(note);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    ask(question.value);
  });
  question.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      ask(question.value);
    }
  });
  question.addEventListener('input', autosize);
  document.getElementById('suggestions').addEventListener('click', function (e) {
    if (e.target && e.target.classList.contains('chip')) ask(e.target.textContent);
  });
  stopButton.addEventListener('click', function () {
    if (!current) return;
    var answer = current;
    stopButton.disabled = true;
    socket.timeout(10000).emit('chat:stop', { messageId: answer.id }, function (err, ack) {
      stopButton.disabled = false;
      if (err) return showSystem('Could not reach the server to stop the answer');
      if (ack && ack.error) showSystem(describeError(ack.error));
    });
  });

  function ask(text) {
    text = (text || '').trim();
    if (!text || sending || current) return;
    if (welcome) {
      welcome.remove();
      welcome = null;
    }
    addUserMessage(text);
    question.value = '';
    autosize();
    sending = true;
    setBusy(true);
    var payload = { content: text };
    if (chatId) payload.chatId = chatId;
    socket.timeout(15000).emit('chat:send', payload, function (err, ack) {
      sending = false;
      if (err) {
        setBusy(false);
        return showSystem('The server did not answer. Please try again.');
      }
      if (ack.error) {
        setBusy(false);
        return showSystem(describeError(ack.error));
      }
      chatId = ack.chatId;
      current = createAnswer(ack.messageId);
      setBusy(true);
      var pending = early[ack.messageId] || [];
      delete early[ack.messageId];
      pending.forEach(function (item) { item[0](answers[ack.messageId], item[1]); });
    });
  }

  function resume(answer) {
    socket.timeout(10000).emit('chat:resume', { messageId: answer.id, lastSeq: answer.lastSeq }, function (err, ack) {
      if (err) return;
      if (ack.error) return onError(answer, ack.error);
      if (!ack.replaying && ack.message) {
        // The replay window has passed: the stored message is the whole answer.
        answer.text = ack.message.content;
        answer.sources = ack.message.citations || [];
        renderText(answer);
        renderSources(answer);
        onDone(answer, { mode: ack.message.mode, cancelled: ack.message.status === 'cancelled' });
      }
    });
  }

  // Send is disabled while a question is on its way or answered; Stop shows once the answer has an id.
  function setBusy(busy) {
    sendButton.disabled = busy;
    stopButton.hidden = !(busy && current);
  }

  function addUserMessage(text) {
    var el = document.createElement('div');
    el.className = 'msg user';
    el.textContent = text;
    log.appendChild(el);
    scroll();
  }

  function createAnswer(id) {
    var el = document.createElement('article');
    el.className = 'msg assistant streaming';
    el.setAttribute('data-testid', 'answer');
    el.setAttribute('data-message-id', id);
    var text = document.createElement('div');
    text.className = 'text';
    var meta = document.createElement('div');
    meta.className = 'meta';
    el.appendChild(text);
    el.appendChild(meta);
    log.appendChild(el);
    var answer = { id: id, el: el, textEl: text, meta: meta, text: '', lastSeq: -1, sources: [], finished: false };
    answers[id] = answer;
    scroll();
    return answer;
  }

  function sourceUrl(answer, n) {
    for (var i = 0; i < answer.sources.length; i++) if (answer.sources[i].n === n) return answer.sources[i].url || '#src-' + answer.id + '-' + n;
    return null;
  }

  // A small Markdown subset: paragraphs, "-"/"*"/"1." lists, **bold**, _italic_/*italic*, ` +
  '`code`' +
  String.raw`, and [n] citations.
  function renderText(answer) {
    var root = answer.textEl;
    while (root.firstChild) root.removeChild(root.firstChild);
    var blocks = answer.text.split(/\n{2,}/);
    blocks.forEach(function (block) {
      var lines = block.split('\n');
      var isList = lines.length > 0 && lines.every(function (l) { return /^\s*([-*]|\d+\.)\s+/.test(l) || !l.trim(); });
      if (isList && block.trim()) {
        var ordered = /^\s*\d+\./.test(lines[0]);
        var list = document.createElement(ordered ? 'ol' : 'ul');
        lines.forEach(function (line) {
          if (!line.trim()) return;
          var li = document.createElement('li');
          inline(answer, li, line.replace(/^\s*([-*]|\d+\.)\s+/, ''));
          list.appendChild(li);
        });
        root.appendChild(list);
      } else if (block.trim()) {
        var p = document.createElement('p');
        inline(answer, p, block.replace(/^#+\s*/, ''));
        root.appendChild(p);
      }
    });
    scroll();
  }

  var INLINE = /(\[\d+\])|\*\*([^*]+)\*\*|(?<!\w)_([^_\n]+)_(?!\w)|\*([^*]+)\*|` +
  '`([^`]+)`' +
  String.raw`/g;

  function inline(answer, parent, text) {
    var last = 0;
    text.replace(INLINE, function (match, cite, bold, em1, em2, code, offset) {
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      last = offset + match.length;
      var node;
      if (cite) {
        var n = Number(cite.slice(1, -1));
        var url = sourceUrl(answer, n);
        node = document.createElement(url ? 'a' : 'span');
        node.className = 'cite';
        node.textContent = String(n);
        if (url) {
          node.href = url;
          node.target = '_blank';
          node.rel = 'noopener noreferrer';
        }
      } else if (bold) {
        node = document.createElement('strong');
        node.textContent = bold;
      } else if (em1 || em2) {
        node = document.createElement('em');
        node.textContent = em1 || em2;
      } else {
        node = document.createElement('code');
        node.textContent = code;
      }
      parent.appendChild(node);
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderSources(answer) {
    var old = answer.el.querySelector('.sources');
    if (old) old.remove();
    if (!answer.sources.length) return;
    var list = document.createElement('ol');
    list.className = 'sources';
    list.setAttribute('data-testid', 'sources');
    var heading = document.createElement('h3');
    heading.textContent = 'Sources';
    list.appendChild(heading);
    answer.sources.forEach(function (source) {
      var li = document.createElement('li');
      li.className = 'source';
      li.id = 'src-' + answer.id + '-' + source.n;
      var n = document.createElement('span');
      n.className = 'cite n';
      n.textContent = String(source.n);
      var body = document.createElement('div');
      var title = document.createElement(source.url ? 'a' : 'span');
      title.className = 'title';
      title.textContent = source.title;
      if (source.url) {
        title.href = source.url;
        title.target = '_blank';
        title.rel = 'noopener noreferrer';
        title.setAttribute('data-testid', 'source-link');
      }
      var snippet = document.createElement('p');
      inline(answer, snippet, source.snippet);
      body.appendChild(title);
      body.appendChild(snippet);
      li.appendChild(n);
      li.appendChild(body);
      list.appendChild(li);
    });
    answer.el.insertBefore(list, answer.meta);
    scroll();
  }

  function showSystem(text) {
    var el = document.createElement('div');
    el.className = 'system';
    el.setAttribute('role', 'alert');
    el.textContent = text;
    log.appendChild(el);
    scroll();
  }

  function describeError(error) {
    if (error.code === 'RATE_LIMITED') return 'You are sending questions too quickly. Try again in ' + seconds(error.retryAfterMs) + ' s.';
    if (error.code === 'PAYLOAD_TOO_LARGE') return 'That question is too long.';
    return error.message || 'Something went wrong.';
  }

  function seconds(ms) {
    return Math.max(1, Math.ceil((ms || 1000) / 1000));
  }

  function autosize() {
    question.style.height = 'auto';
    question.style.height = Math.min(question.scrollHeight, 160) + 'px';
  }

  function scroll() {
    log.scrollTop = log.scrollHeight;
  }
})();
`;
