/* Material for MkDocs: the second script of partials/javascripts/content.html,
 * served as a file because the site's Content-Security-Policy
 * (overrides/main.html) runs no inline script. The code is Material's,
 * unchanged. tests/test_csp.py compares it with the installed theme's, so a
 * Material upgrade that changes it fails there until this copy follows.
 */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
