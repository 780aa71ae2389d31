/* Material for MkDocs: partials/javascripts/announce.html, served as a file
 * because the site's Content-Security-Policy (overrides/main.html) runs no
 * inline script. The code is Material's, unchanged.
 * tests/test_csp.py compares it with the installed theme's, so a Material
 * upgrade that changes it fails there until this copy follows.
 */
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
