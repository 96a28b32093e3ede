"""The suite's only conftest: it loads the shared fixtures as pytest plugins from the
`tests.support` package, which every folder imports from by its package name."""

pytest_plugins = ["tests.support.plugin", "tests.support.browser_fixtures"]
