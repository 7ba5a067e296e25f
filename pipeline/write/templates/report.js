(function () {
  var box = document.getElementById('evidence');
  var text = document.getElementById('evidence-text');
  document.querySelectorAll('.heatmap td[data-evidence]').forEach(function (cell) {
    cell.addEventListener('click', function () {
      text.textContent = cell.getAttribute('data-evidence');
      box.style.display = 'block';
    });
  });
  document.getElementById('evidence-close').addEventListener('click', function () {
    box.style.display = 'none';
  });
  var search = document.getElementById('search');
  function filter() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll('[data-search]').forEach(function (item) {
      var haystack = item.getAttribute('data-search').toLowerCase();
      var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
      item.classList.toggle('hidden', !match);
      if (match) { shown += 1; }
    });
    document.getElementById('search-count').textContent = words.length ? shown + ' shown' : '';
  }
  search.addEventListener('input', filter);
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) { search.value = query; filter(); }
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  document.getElementById('councils').setAttribute('data-ready', 'true');
}());
