/*
 * The task pane's first script, in plain ES5 so every webview parses it. Where the engine is
 * Internet Explorer's (Trident: Office 2016/2019 on Windows before Edge WebView), the pane's
 * own bundle (ES2017) cannot run, so this says so plainly instead of leaving the pane blank.
 * Webviews: learn.microsoft.com/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins
 */
(function () {
  'use strict';
  var userAgent = (window.navigator && window.navigator.userAgent) || '';
  var isTrident = /Trident\/|MSIE /.test(userAgent);
  var lacksBasics = typeof window.Promise === 'undefined' || typeof Object.assign !== 'function';
  if (!isTrident && !lacksBasics) return;
  window.districtReturnsTooOld = true;
  function show() {
    var message = document.getElementById('host-message');
    if (!message) return;
    message.textContent = 'This version of Office is too old for the add-in: upload your return on the web page instead.';
    message.hidden = false;
    message.removeAttribute('hidden');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
