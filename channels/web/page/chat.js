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
