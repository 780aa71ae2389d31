/* Material for MkDocs: partials/javascripts/base.html, served as a file
 * because the site's Content-Security-Policy (overrides/main.html) runs no
 * inline script. The code is Material's, unchanged but for one value, which
 * Material writes into the code and our partial puts on the script element
 * (data-md-scope).
 * tests/test_csp.py compares it with the installed theme's, so a Material
 * upgrade that changes it fails there until this copy follows.
 */
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
