/**
 * The entry every worker thread of a bundle runs (built beside it as worker-threads.js; see
 * bundleEntryHolding): the modules whose code takes over a worker when its workerData names them —
 * the profile's shard lanes and evaluate's reader (data, stats), the paired bootstrap (stats) and the
 * trainer's second half (logistic-halves). Only these and what they import: a worker that loaded the
 * whole bundle (an action's GitHub clients, the CLI's commands) took ~50 MB and a few tenths of a
 * second more to start, for code it never runs.
 */
import '@mlops-actions/data';
import '@mlops-actions/stats';
import './trainer/logistic-halves';
