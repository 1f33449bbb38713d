"""WSGI entry point: ``gunicorn wsgi:app``."""

import gc

from werkzeug.wsgi import ClosingIterator

from engage import create_app

app = create_app(migrations=False)  # Alembic stays out of the web workers

# Garbage collection between requests, not in the middle of one (measured in
# benchmarks/RESULTS.md). What start-up made lives as long as the process, so it is moved
# out of the collector's way (freeze). A collection's cost grows with the objects alive
# when it runs: in the middle of a long page (the draft's 200 clauses) a collection of the
# youngest objects took 10 ms and fell on 8% of its views, but run once the response is
# sent (the server closes the response, then takes the next request) it finds the page's
# objects gone and costs no reader any waiting. The threshold stays as a backstop, far
# above what a page allocates, for a request that makes a great deal of cyclic garbage.
YOUNG = 5_000  # collect after a response once this many objects are new since the last
BACKSTOP = 200_000


def _collect_between_requests() -> None:
    young, gen0_runs, gen1_runs = gc.get_count()
    if young >= YOUNG:
        # As the default thresholds (…, 10, 10) would: every tenth an older generation too.
        gc.collect(2 if gen1_runs >= 10 else 1 if gen0_runs >= 10 else 0)


def _collecting_after(wsgi_app):
    def collecting(environ, start_response):
        return ClosingIterator(wsgi_app(environ, start_response), _collect_between_requests)

    return collecting


gc.collect()
gc.freeze()
gc.set_threshold(BACKSTOP, 10, 10)
app.wsgi_app = _collecting_after(app.wsgi_app)
