// What the site's search box shows for a query, in Node: `node search_passages.mjs
// <bundle dir> <search.js> <query>` prints, for each of the first ten reports,
// each section's label, link and quoted text, as the box builds them with
// irSearchText (content/assets/javascripts/search.js) from Pagefind's results.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const [bundle, script, query] = process.argv.slice(2);
const base = pathToFileURL(bundle.endsWith("/") ? bundle : bundle + "/");
globalThis.fetch = async (input) =>
  new Response(await readFile(fileURLToPath(new URL(String(input), base))));
// search.js's page half stops at once without its search box; its pure half is kept.
const sandbox = { document: { querySelector: () => null } };
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(await readFile(script, "utf8"), sandbox);
const { passage } = sandbox.irSearchText;
const pagefind = await import(new URL("pagefind.js", base).href);
await pagefind.options({ basePath: base.href, baseUrl: "/" });
const search = await pagefind.search(query);
const results = [];
for (const result of search.results.slice(0, 10)) {
  const data = await result.data();
  const sections = data.sub_results
    .filter((s) => s.url !== data.url)
    .map((s) => {
      const shown = passage(data, s);
      const text = shown.parts ? shown.parts.map((p) => p.text).join("") : null;
      const marked = shown.parts ? shown.parts.filter((p) => p.mark).map((p) => p.text) : [];
      // The words either side of the quotation, to show where it starts and stops.
      const words = data.content.split(/\s+/);
      const cut = shown.cut;
      // A quotation may start where its section's heading does: nothing before it counts.
      const floor = s.anchor ? s.anchor.location : 0;
      const before = cut && !cut.before ? (cut.start === floor ? "" : words[cut.start - 1] || "") : null;
      const after = cut && !cut.after ? words[cut.end] : null;
      return { title: shown.title, url: shown.url, text, marked, before, after };
    });
  results.push({ url: data.url, sections });
}
console.log(JSON.stringify(results));
