// bottleneck/light.js is the same limiter as the package's main entry without the Redis
// clustering code (what @octokit/plugin-throttling itself imports); it shares the main typings.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
