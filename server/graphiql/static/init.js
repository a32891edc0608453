// Starts the GraphiQL playground. Served by server/graphiql from the Go
// binary, like the GraphiQL and React UMD builds it uses: nothing is loaded
// from the internet. Its settings come from the JSON block
// <script type="application/json" id="graphiql-config"> in the page.
(function () {
  'use strict';

  var root = document.getElementById('graphiql');

  function fail(message) {
    root.className = 'graphiql-failed';
    root.textContent = message;
  }

  var config;
  try {
    config = JSON.parse(document.getElementById('graphiql-config').textContent);
  } catch (err) {
    fail('GraphiQL configuration is unreadable: ' + err);
    return;
  }

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    fail('GraphiQL assets missing or failed to load: run make graphiql');
    return;
  }

  try {
    var fetcher = window.GraphiQL.createFetcher({
      // Resolved against the page, so "/graphql" stays on the same origin.
      url: new URL(config.endpoint, window.location.href).toString()
    });
    var props = {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      // Headers (for example an Authorization token) stay in memory only.
      shouldPersistHeaders: false
    };
    root.className = '';
    window.ReactDOM.createRoot(root).render(
      window.React.createElement(window.GraphiQL, props)
    );
  } catch (err) {
    fail('GraphiQL failed to start: ' + err);
  }
})();
