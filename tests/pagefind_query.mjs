// Query a built Pagefind bundle the way the site's search box does, in Node:
// `node pagefind_query.mjs <bundle dir> <query or -> [filter key] [filter value]`
// prints {"filters": {...}, "results": [{url, title, sections: [{url, title}]}]},
// the first ten reports, each with its sections ranked by match score, best first.
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const [bundle, query, key, value] = process.argv.slice(2);
const base = pathToFileURL(bundle.endsWith("/") ? bundle : bundle + "/");
// pagefind.js fetches its index relative to itself; here the files are on disk.
globalThis.fetch = async (input) =>
  new Response(await readFile(fileURLToPath(new URL(String(input), base))));
const pagefind = await import(new URL("pagefind.js", base).href);
await pagefind.options({ basePath: base.href, baseUrl: "/" });
// The site's search box merges the bundles listed in shards.json; so do we.
const shards = await fetch(new URL("shards.json", base)).then((r) => r.json(), () => []);
for (const shard of shards) await pagefind.mergeIndex(new URL(shard, base).href, { baseUrl: "/" });
const search = await pagefind.search(query === "-" ? null : query, {
  filters: key ? { [key]: value } : {},
});
const score = (sub) => (sub.weighted_locations || []).reduce((s, w) => s + w.balanced_score, 0);
const results = [];
for (const result of search.results.slice(0, 10)) {
  const data = await result.data();
  const sections = data.sub_results
    .filter((s) => s.url !== data.url)
    .sort((a, b) => score(b) - score(a))
    .map((s) => ({ url: s.url, title: s.title }));
  results.push({ url: data.url, title: data.meta.title, sections });
}
console.log(JSON.stringify({ filters: await pagefind.filters(), results }));
