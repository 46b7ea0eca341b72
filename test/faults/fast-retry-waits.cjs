'use strict';
/**
 * Preloaded (`NODE_OPTIONS=--require …`) into a step's process by the train fault matrix.
 * @actions/artifact and @actions/cache wait 3 s × 1.5ⁿ between attempts and have no setting for
 * it; their `sleep` is `new Promise((resolve) => setTimeout(resolve, ms))`. A timer of a second or
 * more whose callback is a promise's own resolve function runs 100× sooner here. Their retry logic
 * is unchanged; other timers (socket and upload timeouts, keep-alive) are untouched.
 */
const { setTimeout: original } = globalThis;
const SCALE = 100;

function isPromiseResolver(callback) {
  return (
    typeof callback === 'function' &&
    callback.name === '' &&
    Function.prototype.toString.call(callback) === 'function () { [native code] }'
  );
}

function setTimeout(callback, delay, ...args) {
  const shortened = isPromiseResolver(callback) && Number(delay) >= 1000 ? Number(delay) / SCALE : delay;
  return original.call(this, callback, shortened, ...args);
}
Object.defineProperties(setTimeout, Object.getOwnPropertyDescriptors(original));
globalThis.setTimeout = setTimeout;
