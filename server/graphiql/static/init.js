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
    // Resolved against the page, so "/graphql" stays on the same origin;
    // subscriptions go over a WebSocket to the same endpoint.
    var endpoint = new URL(config.endpoint, window.location.href);
    var subscriptions = new URL(endpoint.toString());
    subscriptions.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
    var fetcher = window.GraphiQL.createFetcher({
      url: endpoint.toString(),
      subscriptionUrl: subscriptions.toString()
    });
    var props = {
      fetcher: fetcher,
      defaultQuery: config.defaultQuery,
      // A first visit opens the README's examples, a tab each (GraphiQL
      // keeps the user's own tabs after that).
      defaultTabs: [{ query: config.defaultQuery }].concat((config.examples || []).map(function (e) {
        return { query: e.query };
      })),
      // Headers (for example an Authorization token) stay in memory only.
      shouldPersistHeaders: false
    };
    // The explorer plugin: a newcomer builds a query by ticking fields.
    if (window.GraphiQLPluginExplorer) {
      props.plugins = [window.GraphiQLPluginExplorer.explorerPlugin()];
    }
    // ?query= (and &variables=) open that query, so that a link can carry
    // one; the URL follows the editor from then on.
    var params = new URLSearchParams(window.location.search);
    if (params.has('query')) {
      props.query = params.get('query');
      if (params.has('variables')) { props.variables = params.get('variables'); }
      var follow = function (name) {
        return function (value) {
          var url = new URL(window.location.href);
          url.searchParams.set(name, value || '');
          window.history.replaceState(null, '', url);
        };
      };
      props.onEditQuery = follow('query');
      props.onEditVariables = follow('variables');
    }
    root.className = '';
    window.ReactDOM.createRoot(root).render(
      window.React.createElement(window.GraphiQL, props)
    );
  } catch (err) {
    fail('GraphiQL failed to start: ' + err);
  }
})();
