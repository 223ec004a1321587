/*
 * The embed snippet: a site adds
 *   <script src="https://<bot host>/widget.js" data-lang="ar" async></script>
 * and gets a chat button that opens the assistant in a panel. The panel is an iframe of this
 * server's page (`/?embed=1`), so the site's styles and scripts and the chat never mix.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__tawasulWidget) return;
  window.__tawasulWidget = true;

  var origin = new URL(script.src).origin;
  var language = script.getAttribute('data-lang') === 'en' ? 'en' : 'ar';
  var label = language === 'ar' ? 'تحدث مع المساعد الآلي' : 'Chat with the assistant';
  var closeLabel = language === 'ar' ? 'إغلاق المحادثة' : 'Close the chat';
  // A right-to-left site keeps its launcher on the left, where its reading ends.
  var side = document.documentElement.dir === 'rtl' || language === 'ar' ? 'left' : 'right';

  function style(node, rules) {
    Object.keys(rules).forEach(function (key) { node.style[key] = rules[key]; });
    return node;
  }

  var button = style(document.createElement('button'), {
    position: 'fixed', bottom: '20px', zIndex: '2147483000', border: '0', borderRadius: '999px',
    padding: '14px 20px', background: '#006C35', color: '#fff', font: '600 16px Tahoma, sans-serif',
    boxShadow: '0 4px 14px rgba(0,0,0,.25)', cursor: 'pointer',
  });
  button.style[side] = '20px';
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('data-tawasul-widget', 'button');

  var panel = style(document.createElement('div'), {
    position: 'fixed', bottom: '84px', width: 'min(400px, calc(100vw - 40px))', height: 'min(620px, calc(100vh - 110px))',
    zIndex: '2147483000', display: 'none', flexDirection: 'column', background: '#fff', borderRadius: '12px',
    overflow: 'hidden', boxShadow: '0 8px 30px rgba(0,0,0,.3)',
  });
  panel.style[side] = '20px';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', label);
  panel.setAttribute('data-tawasul-widget', 'panel');

  var close = style(document.createElement('button'), {
    alignSelf: language === 'ar' ? 'flex-start' : 'flex-end', border: '0', background: '#00542A', color: '#fff',
    width: '100%', padding: '6px 12px', cursor: 'pointer', font: '14px Tahoma, sans-serif',
    textAlign: language === 'ar' ? 'left' : 'right',
  });
  close.type = 'button';
  close.textContent = '✕ ' + closeLabel;
  panel.appendChild(close);

  var frame;
  function open(show) {
    if (show && !frame) {
      // Loaded on first open only: a visitor who never opens the chat starts no conversation.
      frame = style(document.createElement('iframe'), { border: '0', flex: '1', width: '100%' });
      frame.title = label;
      frame.src = origin + '/?embed=1&lang=' + language;
      panel.appendChild(frame);
    }
    panel.style.display = show ? 'flex' : 'none';
    button.setAttribute('aria-expanded', String(show));
  }
  button.addEventListener('click', function () { open(panel.style.display === 'none'); });
  close.addEventListener('click', function () { open(false); button.focus(); });

  document.body.appendChild(panel);
  document.body.appendChild(button);
})();
