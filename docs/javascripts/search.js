// Site search on Pagefind's JavaScript API, in the header where Material's box stood.
// A query loads only the index chunks it needs. The filters are our own files in
// search-facets/ (see generator/outputs/search_facets.py), which name pages by their address in the
// site: the list of values loads when the reader opens the filters, and one small list of
// addresses for each value they tick. A result's address is its URL, which Pagefind's API
// gives with the result's data (`result.data()`); it is loaded only while filters are used.
(() => {
  const header = document.querySelector(".md-header__inner")
  const script = document.currentScript
  if (!header || !script) return
  const bundle = new URL("../pagefind/pagefind.js", script.src)
  const siteRoot = new URL("..", bundle).pathname
  let engine = null
  const load = () =>
    (engine ??= import(bundle.href).then(async pagefind => {
      await pagefind.options({ baseUrl: siteRoot })
      await pagefind.init()
      return pagefind
    }))

  const root = document.createElement("div")
  root.className = "site-search"
  root.setAttribute("role", "search")
  root.innerHTML = `
    <input class="site-search__input" type="search" placeholder="Search"
           aria-label="Search the briefings" autocomplete="off">
    <div class="site-search__panel" hidden>
      <div class="site-search__bar">
        <span class="site-search__count" aria-live="polite"></span>
        <button type="button" class="site-search__toggle" aria-expanded="false">Filters</button>
      </div>
      <p class="site-search__stale" hidden>Search is catching up with the latest saves: results
        may show pages as they were.</p>
      <div class="site-search__filters" hidden></div>
      <ol class="site-search__results"></ol>
      <button type="button" class="site-search__more" hidden>More results</button>
    </div>`
  header.appendChild(root)
  const [input, panel, count, toggle, staleNote, filterBox, list, moreButton] = [
    ".site-search__input", ".site-search__panel", ".site-search__count",
    ".site-search__toggle", ".site-search__stale", ".site-search__filters",
    ".site-search__results", ".site-search__more",
  ].map(selector => root.querySelector(selector))
  // Only the live preview (`make serve`) names a status file: its index is rebuilt in the
  // background after each save, and may be older than the pages for a while.
  const statusMeta = document.querySelector('meta[name="search-status"]')
  const showStaleness = async () => {
    if (!statusMeta) return
    try {
      const response = await fetch(new URL(statusMeta.content, location.href), { cache: "no-store" })
      staleNote.hidden = !(response.ok && (await response.json()).stale === true)
    } catch {
      staleNote.hidden = true
    }
  }

  // Opened from disk (file://), the browser refuses to load Pagefind's modules: say how to
  // look at the site with search, rather than blame the connection.
  const fromDisk = location.protocol === "file:"
  const cannotLoad = fromDisk
    ? "Search needs the site to be served: run make serve, or any static web server over " +
      "site/ (python3 -m http.server -d site), and open the address it prints."
    : "Search could not load; check the connection and try again."

  const chosen = {}
  const facetRoot = new URL("../search-facets/", script.src)
  const fetchJson = async url => {
    const response = await fetch(url)
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    return response.json()
  }
  const facetPages = {}
  // Cached once loaded; a failed load is forgotten, so the next search tries again.
  const pagesWith = (kind, id) => {
    const key = `${kind}/${id}`
    return (facetPages[key] ??= fetchJson(new URL(`${key}.json`, facetRoot)).then(
      addresses => new Set(addresses),
      error => {
        delete facetPages[key]
        throw error
      },
    ))
  }
  // Like Pagefind's own filters: any ticked value of a kind, and every kind that has one.
  const allowedPages = async () => {
    let allowed = null
    for (const [kind, ids] of Object.entries(chosen)) {
      if (!ids.size) continue
      const lists = await Promise.all([...ids].map(id => pagesWith(kind, id)))
      const any = new Set(lists.flatMap(list => [...list]))
      allowed = allowed ? new Set([...allowed].filter(page => any.has(page))) : any
    }
    return allowed
  }

  // A result's address in the site (`briefings/x/`), as the filter files name pages; kept
  // for the page's lifetime, like Pagefind keeps the data it loaded.
  const loaded = new Map()
  const dataOf = result => {
    if (!loaded.has(result.id)) {
      loaded.set(
        result.id,
        result.data().catch(error => {
          loaded.delete(result.id)
          throw error
        }),
      )
    }
    return loaded.get(result.id)
  }
  const addressOf = result =>
    dataOf(result).then(({ url }) => (url.startsWith(siteRoot) ? url.slice(siteRoot.length) : url))
  const addressesOf = found => Promise.all(found.map(addressOf))
  // Filtering needs each result's address, one small file per result: past this many the
  // filters apply to the best results only, and the count says so.
  const FILTERED_AT_MOST = 400
  let cutOff = 0

  // A page whose title is the query ("Russia") goes first: Pagefind matches words by their
  // start, and the page of "Russian Ministry of Foreign Affairs" has more of them. Only the
  // first results are read for their titles, which the first screen loads anyway.
  const RERANKED = 10
  const words = text => text.toLocaleLowerCase().split(/\s+/).filter(Boolean).join(" ")
  const titleFirst = async (query, found) => {
    const head = found.slice(0, RERANKED)
    const titles = await Promise.all(head.map(result => dataOf(result).then(d => d.meta?.title)))
    const wanted = words(query)
    const named = head.filter((_, at) => titles[at] && words(titles[at]) === wanted)
    if (!named.length) return found
    return [...named, ...found.filter(result => !named.includes(result))]
  }

  let results = []
  let shown = 0
  let latest = 0

  // Pagefind's excerpts are page text with <mark> around the hits; keep exactly that.
  const excerpt = html => {
    const template = document.createElement("template")
    template.innerHTML = html
    const paragraph = document.createElement("p")
    paragraph.className = "site-search__excerpt"
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark")
        mark.textContent = node.textContent
        paragraph.append(mark)
      } else {
        paragraph.append(node.textContent)
      }
    }
    return paragraph
  }

  // What a result is, in words: "Briefing · 15 November 2025", "Person".
  const about = (kind, date) => {
    const line = document.createElement("span")
    line.className = "site-search__kind"
    const words = [kind && kind[0].toUpperCase() + kind.slice(1), date].filter(Boolean)
    line.textContent = words.join(" \u00b7 ")
    return line
  }

  // Names and aliases of every entity, with their pages (search-facets/names.json): when a
  // query finds nothing, the pages about names within a typo or two of it ("lavrof").
  let namesFile = null
  const names = () =>
    (namesFile ??= fetchJson(new URL("names.json", facetRoot)).catch(error => {
      namesFile = null
      throw error
    }))
  const distance = (a, b) => {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
    for (let i = 1; i <= a.length; i++) {
      const current = [i]
      for (let j = 1; j <= b.length; j++) {
        const change = a[i - 1] === b[j - 1] ? 0 : 1
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change)
      }
      previous = current
    }
    return previous[b.length]
  }
  // The closest first; at the same distance, a whole name or alias ("Jaishankar") before a
  // word of a longer name ("Jaishankar–Lavrov talks"), and a person, country, organisation
  // or topic before an event: the page about the name before pages that mention it.
  const nameFirst = ["person", "country", "organisation", "topic"]
  const kindRank = kind => (nameFirst.includes(kind) ? 0 : 1)
  const similarNames = async query => {
    const wanted = query.toLocaleLowerCase()
    const allowed = wanted.length < 4 ? 0 : wanted.length < 8 ? 1 : 2
    const best = new Map()
    const better = (a, b) =>
      a.closest - b.closest || a.partial - b.partial || kindRank(a.kind) - kindRank(b.kind)
    for (const [written, name, url, kind] of (await names()).names) {
      const whole = distance(wanted, written.toLocaleLowerCase())
      const parts = written.split(/[\s\u2013-]+/).map(w => distance(wanted, w.toLocaleLowerCase()))
      const inPart = Math.min(...parts)
      const found = whole <= inPart
        ? { closest: whole, partial: 0, name, url, kind }
        : { closest: inPart, partial: 1, name, url, kind }
      const known = best.get(url)
      if (found.closest <= allowed && (!known || better(found, known) < 0)) best.set(url, found)
    }
    return [...best.values()].sort((a, b) => better(a, b) || a.name.localeCompare(b.name))
  }
  const showSimilar = similar => {
    for (const { name, url, kind } of similar.slice(0, 8)) {
      const entry = document.createElement("li")
      const link = document.createElement("a")
      link.className = "site-search__link"
      link.href = new URL(url, new URL("..", facetRoot)).pathname
      link.textContent = name
      entry.append(link, about(kind))
      list.append(entry)
    }
  }

  const showMore = async () => {
    const batch = results.slice(shown, shown + 8)
    shown += batch.length
    for (const item of await Promise.all(batch.map(dataOf))) {
      const entry = document.createElement("li")
      const link = document.createElement("a")
      link.className = "site-search__link"
      link.href = item.url
      link.textContent = item.meta?.title || item.url
      entry.append(link, about(item.meta?.kind, item.meta?.date), excerpt(item.excerpt))
      list.append(entry)
    }
    moreButton.hidden = shown >= results.length
  }

  const run = async () => {
    const query = input.value.trim()
    const mine = ++latest
    if (!query) {
      panel.hidden = true
      if (filtersBuilt) countResults()
      return
    }
    showStaleness()
    let pagefind, allowed, search, found
    try {
      ;[pagefind, allowed] = await Promise.all([load(), allowedPages()])
      search = await pagefind.search(query)
      found = search?.results ?? []
      cutOff = 0
      if (allowed) {
        if (found.length > FILTERED_AT_MOST) {
          cutOff = found.length
          found = found.slice(0, FILTERED_AT_MOST)
        }
        const where = await addressesOf(found)
        found = found.filter((_, at) => allowed.has(where[at]))
      }
      found = await titleFirst(query, found)
    } catch (error) {
      if (mine !== latest) return
      list.replaceChildren()
      moreButton.hidden = true
      count.textContent = cannotLoad
      toggle.hidden = fromDisk
      panel.hidden = false
      return
    }
    if (mine !== latest) return
    results = found
    shown = 0
    list.replaceChildren()
    count.textContent = `${results.length} ${results.length === 1 ? "result" : "results"}`
    if (cutOff) {
      count.textContent += ` among the best ${FILTERED_AT_MOST} of ${cutOff}; add words to the search to filter them all`
    }
    panel.hidden = false
    if (filtersBuilt) countResults()
    if (!results.length && !allowed) {
      const similar = await similarNames(query).catch(() => [])
      if (mine !== latest || !similar.length) return
      count.textContent = "No page has these words. Names like them:"
      showSimilar(similar)
      moreButton.hidden = true
      return
    }
    await showMore()
  }

  let filtersBuilt = null
  const showFilters = () => {
    const open = toggle.getAttribute("aria-expanded") !== "true"
    toggle.setAttribute("aria-expanded", String(open))
    filterBox.hidden = !open
    if (open) {
      filtersBuilt ??= buildFilters().catch(() => {
        filtersBuilt = null
        filterBox.replaceChildren()
        count.textContent = "The filters could not load; close and open them to try again."
      })
    }
  }

  const buildFilters = async () => {
    // {kind: [[value id, label, page count], ...]}, in the order readers see them.
    const [available, { groups, scopes = {} }] = await Promise.all([
      fetchJson(new URL("index.json", facetRoot)),
      names(),
    ])
    // A large collection has thousands of people: let the reader narrow the lists by name.
    const finder = document.createElement("input")
    finder.type = "search"
    finder.className = "site-search__finder"
    finder.placeholder = "Find a filter"
    finder.setAttribute("aria-label", "Find a filter by name")
    // Matches names only (not the counts); a ticked value stays in view while it filters.
    finder.addEventListener("input", () => {
      const wanted = finder.value.trim().toLocaleLowerCase()
      for (const group of filterBox.querySelectorAll("fieldset")) {
        let any = false
        for (const label of group.querySelectorAll("label")) {
          const ticked = label.querySelector("input").checked
          label.hidden = !ticked && !label.dataset.name.includes(wanted)
          any ||= !label.hidden
        }
        group.hidden = !any
      }
    })
    filterBox.append(finder)
    for (const [kind, values] of Object.entries(available)) {
      const group = document.createElement("fieldset")
      const legend = document.createElement("legend")
      legend.textContent = groups[kind] ?? kind
      group.append(legend)
      if (scopes[kind]) {
        const scope = document.createElement("p")
        scope.className = "site-search__scope"
        scope.textContent = `Selects ${scopes[kind]}.`
        group.append(scope)
      }
      shownCounts[kind] = []
      for (const [id, name, total] of values) {
        const label = document.createElement("label")
        label.dataset.name = name.toLocaleLowerCase()
        const box = document.createElement("input")
        box.type = "checkbox"
        box.addEventListener("change", () => {
          chosen[kind] ??= new Set()
          box.checked ? chosen[kind].add(id) : chosen[kind].delete(id)
          run()
        })
        const count = document.createTextNode(` ${name} (${total})`)
        shownCounts[kind].push({ count, name, total })
        label.append(box, count)
        group.append(label)
      }
      filterBox.append(group)
    }
    countResults()
  }

  // The counts beside the filters follow the query: each value's pages among the
  // results (search-facets/by-page/<kind>.json holds each page's values), or all of them
  // when there is no query.
  const shownCounts = {}
  const byPage = {}
  const valuesOf = kind =>
    (byPage[kind] ??= fetchJson(new URL(`by-page/${kind}.json`, facetRoot)).catch(error => {
      delete byPage[kind]
      throw error
    }))
  let counted = 0
  const countResults = async () => {
    const mine = ++counted
    const query = input.value.trim()
    for (const [kind, labels] of Object.entries(shownCounts)) {
      let counts = null
      if (query) {
        const shownResults = results.slice(0, FILTERED_AT_MOST)
        const [pages, where] = await Promise.all([
          valuesOf(kind),
          addressesOf(shownResults),
        ]).catch(() => [null, null])
        if (mine !== counted) return
        if (pages) {
          counts = labels.map(() => 0)
          for (const address of where) for (const at of pages[address] ?? []) counts[at]++
        }
      }
      labels.forEach(({ count, name, total }, at) => {
        count.textContent = ` ${name} (${counts ? counts[at] : total})`
      })
    }
  }

  let timer = 0
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(run, 200)
  })
  input.addEventListener("focus", () => input.value.trim() && (panel.hidden = false))
  toggle.addEventListener("click", showFilters)
  moreButton.addEventListener("click", showMore)
  document.addEventListener("click", event => {
    if (!root.contains(event.target)) panel.hidden = true
  })
  // The shortcuts readers know from Material: "/" or "s" to search, Escape to leave.
  addEventListener("keydown", event => {
    if (event.key === "Escape" && root.contains(document.activeElement)) {
      panel.hidden = true
      document.activeElement.blur()  // also from a filter box: nothing hidden keeps focus
      return
    }
    const typing = event.target.closest("input, textarea, select, [contenteditable]")
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return
    if (event.key === "/" || event.key === "s") {
      event.preventDefault()
      input.focus()
    }
  })
})()
