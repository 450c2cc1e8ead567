/*
 * The task pane's first script, in plain ES5 so every webview parses it. It shows "this
 * version of Office is too old" instead of a blank pane:
 * - where the engine is Internet Explorer's (Trident: Office 2016/2019 on Windows before Edge
 *   WebView), which cannot run the pane's ES2017 bundle at all;
 * - where the bundle fails while loading (a webview lacking something it needs, such as a
 *   regular-expression feature), before the pane has started.
 * Webviews: learn.microsoft.com/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins
 */
(function () {
  'use strict';
  var MESSAGE = 'This version of Office is too old for the add-in: upload your return on the web page instead.';

  function show() {
    var message = document.getElementById('host-message');
    if (!message) return;
    message.textContent = MESSAGE;
    message.hidden = false;
    message.removeAttribute('hidden');
  }

  function showWhenReady() {
    window.districtReturnsTooOld = true;
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }

  var userAgent = (window.navigator && window.navigator.userAgent) || '';
  var isTrident = /Trident\/|MSIE /.test(userAgent);
  var lacksBasics = typeof window.Promise === 'undefined' || typeof Object.assign !== 'function';
  if (isTrident || lacksBasics) {
    showWhenReady();
    return;
  }
  window.addEventListener('error', function (event) {
    var file = (event && event.filename) || '';
    if (window.districtReturnsStarted || !/taskpane\.js(\?|$)/.test(file)) return;
    showWhenReady();
  });
})();
