/*
 * The chat page: asks our server for a Direct Line token (POST /api/directline/token: the built-in
 * Direct Line, or Azure's when DIRECT_LINE_SECRET is set), then renders Bot Framework Web Chat.
 * Arabic first (ar-SA, right to left); the switch re-renders Web Chat in English (en-US, left to
 * right) with the same conversation and tells the bot, which answers in English from then on.
 */
(function () {
  'use strict';

  // The page's own labels; everything the bot says comes from the bot's message catalogues.
  var PAGE_TEXT = {
    ar: {
      agency: 'المديرية العامة للجوازات',
      title: 'المساعد الآلي لخدمة «تواصل»',
      intro: 'اسألني عن خدمة «تواصل»، أو قدّم طلبًا وتابعه. الإجابات من دليل الخدمة مع ذكر المصدر.',
      switchTo: 'English',
      switchLang: 'en',
      command: 'عربي',
      unavailable: 'نعتذر، تعذّر الاتصال بالمساعد الآلي حاليًا. فضلاً أعد تحميل الصفحة بعد قليل.',
    },
    en: {
      agency: 'General Directorate of Passports',
      title: 'Tawasul virtual assistant',
      intro: 'Ask me about the Tawasul service, or submit and track a request. Answers come from the service guide, with the source named.',
      switchTo: 'العربية',
      switchLang: 'ar',
      command: 'English',
      unavailable: 'Sorry, the assistant cannot be reached right now. Please reload the page in a moment.',
    },
  };
  var LOCALES = { ar: 'ar-SA', en: 'en-US' };

  var params = new URLSearchParams(window.location.search);
  var language = params.get('lang') === 'en' ? 'en' : 'ar';
  var element = document.getElementById('webchat');
  var switchButton = document.getElementById('language-switch');
  var statusLine = document.getElementById('chat-status');
  var directLine;
  var store;

  if (params.get('embed') === '1') document.body.classList.add('embedded');

  function styleOptions() {
    return {
      accent: '#006C35',
      primaryFont: "'Tajawal', 'Segoe UI', Tahoma, sans-serif",
      backgroundColor: '#FFFFFF',
      bubbleBackground: '#F1F5F3',
      bubbleBorderColor: '#D6E2DB',
      bubbleBorderRadius: 12,
      bubbleBorderWidth: 1,
      bubbleFromUserBackground: '#006C35',
      bubbleFromUserTextColor: '#FFFFFF',
      bubbleFromUserBorderRadius: 12,
      bubbleMaxWidth: 560,
      botAvatarInitials: 'ت',
      botAvatarBackgroundColor: '#006C35',
      userAvatarInitials: language === 'ar' ? 'أنت' : 'You',
      suggestedActionLayout: 'flow',
      suggestedActionBackgroundColor: '#FFFFFF',
      suggestedActionBorderColor: '#006C35',
      suggestedActionBorderRadius: 18,
      suggestedActionTextColor: '#006C35',
      sendBoxButtonColor: '#006C35',
      sendBoxButtonColorOnHover: '#00542A',
      hideUploadButton: false,
      timestampFormat: 'absolute',
    };
  }

  function applyPageLanguage() {
    var text = PAGE_TEXT[language];
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
    document.querySelectorAll('[data-text]').forEach(function (node) {
      node.textContent = text[node.getAttribute('data-text')];
    });
    switchButton.textContent = text.switchTo;
    switchButton.lang = text.switchLang;
  }

  function render() {
    window.WebChat.renderWebChat(
      { directLine: directLine, store: store, locale: LOCALES[language], styleOptions: styleOptions() },
      element,
    );
  }

  /*
   * Each message is laid out in the direction of its own language, whatever the page's: after a
   * switch to English an earlier Arabic message (and any Arabic reply) stays right to left, with its
   * full stop, bullets and «» on the right side, and an English one left to right. Decided from the
   * letters of the message (Arabic or Latin, the more of them), so numbers and request codes inside a
   * sentence do not decide it. Web Chat renders bubbles itself, so they are watched as they appear.
   */
  var ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g;
  var LATIN_LETTER = /[A-Za-z]/g;
  function directionOf(text) {
    var arabic = (text.match(ARABIC_LETTER) || []).length;
    var latin = (text.match(LATIN_LETTER) || []).length;
    if (!arabic && !latin) return '';
    return arabic >= latin ? 'rtl' : 'ltr';
  }
  function orientBubbles() {
    element.querySelectorAll('.webchat__bubble__content').forEach(function (bubble) {
      // A file's bubble (its name, its size in the page's digits) is laid out as the page is.
      if (bubble.querySelector('.webchat__fileContent')) return;
      var dir = directionOf(bubble.textContent || '');
      if (dir && bubble.getAttribute('dir') !== dir) {
        bubble.setAttribute('dir', dir);
        bubble.setAttribute('lang', dir === 'rtl' ? 'ar' : 'en');
      }
    });
  }
  var orientPending = false;
  new MutationObserver(function () {
    // Once per frame, however many nodes Web Chat changed in it.
    if (orientPending) return;
    orientPending = true;
    window.requestAnimationFrame(function () {
      orientPending = false;
      orientBubbles();
    });
  }).observe(element, { childList: true, subtree: true, characterData: true });

  function showUnavailable() {
    statusLine.textContent = PAGE_TEXT[language].unavailable;
    statusLine.hidden = false;
  }

  switchButton.addEventListener('click', function () {
    language = language === 'ar' ? 'en' : 'ar';
    applyPageLanguage();
    if (!directLine) return;
    render();
    // The bot keeps its own language per person: tell it, as a person typing the word would.
    store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: PAGE_TEXT[language].command } });
  });

  applyPageLanguage();
  fetch('/api/directline/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The welcome is in this language: Web Chat does not say its locale when the conversation starts.
    body: JSON.stringify({ locale: LOCALES[language] }),
  })
    .then(function (response) {
      if (!response.ok) throw new Error('token ' + response.status);
      return response.json();
    })
    .then(function (session) {
      directLine = window.WebChat.createDirectLine({ token: session.token, domain: session.domain });
      store = window.WebChat.createStore();
      render();
    })
    .catch(showUnavailable);
})();
