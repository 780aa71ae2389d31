/* Material for MkDocs: partials/javascripts/outdated.html, served as a file
 * because the site's Content-Security-Policy (overrides/main.html) runs no
 * inline script. The code is Material's, unchanged but for one value, which
 * Material writes into the code and our partial puts on the script element
 * (data-md-base).
 * tests/test_csp.py compares it with the installed theme's, so a Material
 * upgrade that changes it fails there until this copy follows.
 */
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.mdBase),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
