/* Material for MkDocs: partials/javascripts/palette.html, served as a file
 * because the site's Content-Security-Policy (overrides/main.html) runs no
 * inline script. The code is Material's, unchanged.
 * tests/test_csp.py compares it with the installed theme's, so a Material
 * upgrade that changes it fails there until this copy follows.
 */
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
