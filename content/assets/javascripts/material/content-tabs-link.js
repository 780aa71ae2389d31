/* Material for MkDocs: the first script of partials/javascripts/content.html,
 * served as a file because the site's Content-Security-Policy
 * (overrides/main.html) runs no inline script. The code is Material's,
 * unchanged. tests/test_csp.py compares it with the installed theme's, so a
 * Material upgrade that changes it fails there until this copy follows.
 */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
