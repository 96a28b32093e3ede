// Site search on the pages' Pagefind index, built when the site is built.
// Without JavaScript the page shows a plain message instead of the form.
const form = document.getElementById("sokformular");
const input = document.getElementById("sokord");
const status = document.getElementById("sokstatus");
const list = document.getElementById("sokresultat");
const notice = document.getElementById("sok-kraver-javascript");

// The page's own words (its language's), from the form's data attributes.
const words = form.dataset;
let pagefind;

async function loadIndex() {
  if (!pagefind) {
    pagefind = await import("/pagefind/pagefind.js");
    await pagefind.options({ excerptLength: 24 });
  }
  return pagefind;
}

function resultItem(data) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt;
  item.append(link, excerpt);
  return item;
}

async function runSearch(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = words.empty;
    return;
  }
  status.textContent = words.busy;
  try {
    const index = await loadIndex();
    const search = await index.search(query);
    const found = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    list.replaceChildren(...found.map(resultItem));
    const message = found.length ? words.hits : words.none;
    status.textContent = message
      .replace("{count}", String(search.results.length))
      .replace("{query}", query);
  } catch (error) {
    status.textContent = words.failed;
  }
}

notice.hidden = true;
form.hidden = false;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  runSearch(query);
});
const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  runSearch(initial);
}
