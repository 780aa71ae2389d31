/* Material for MkDocs: partials/javascripts/consent.html, served as a file
 * because the site's Content-Security-Policy (overrides/main.html) runs no
 * inline script. The code is Material's, unchanged.
 * tests/test_csp.py compares it with the installed theme's, so a Material
 * upgrade that changes it fails there until this copy follows.
 */
var consent=__md_get("__consent");if(consent)for(var input of document.forms.consent.elements)input.name&&(input.checked=consent[input.name]||!1);else"file:"!==location.protocol&&setTimeout((function(){document.querySelector("[data-md-component=consent]").hidden=!1}),250);var form=document.forms.consent;for(var action of["submit","reset"])form.addEventListener(action,(function(e){if(e.preventDefault(),"reset"===e.type)for(var n of document.forms.consent.elements)n.name&&(n.checked=!1);__md_set("__consent",Object.fromEntries(Array.from(new FormData(form).keys()).map((function(e){return[e,!0]})))),location.hash="",location.reload()}))
