import { it } from 'vitest';
import { validateResponse, validatorStats } from '../../packages/emulator/src/openapi/validator';

it('scratch', () => {
  let t = performance.now();
  const r = validateResponse('issues/create-comment', 201, { id: 'abc' });
  console.log('first', performance.now() - t, validatorStats(), r.errors);
  for (const op of ['pulls/get', 'repos/get', 'repos/get-release', 'actions/get-workflow-run', 'issues/get', 'users/get-authenticated']) {
    t = performance.now();
    const r2 = validateResponse(op, 200, {});
    console.log(op, performance.now() - t, r2.errors.split('\n').length);
  }
});
