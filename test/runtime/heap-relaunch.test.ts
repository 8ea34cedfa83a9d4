import t from 'tap';
import { heapRelaunchFlags, RELAUNCHED_ENV } from '../../src/runtime/heap-relaunch.js';

const flags = ['--max-old-space-size=160', '--max-semi-space-size=4'];

t.test('no heap flags anywhere: serve relaunches with the budget\'s', async (t) => {
  t.same(heapRelaunchFlags(flags, [], {}), flags);
  t.same(heapRelaunchFlags(flags, ['--enable-source-maps'], { NODE_OPTIONS: '--import ./loader.mjs --stack-size=2000' }), flags, 'other node options are not heap flags');
});

t.test('the operator\'s heap flags win: no relaunch', async (t) => {
  t.equal(heapRelaunchFlags(flags, [], { NODE_OPTIONS: '--max-old-space-size=160 --max-semi-space-size=4' }), undefined, 'the DaemonSet\'s NODE_OPTIONS');
  t.equal(heapRelaunchFlags(flags, [], { NODE_OPTIONS: '--max_old_space_size 300' }), undefined, 'V8 spelling, value apart');
  t.equal(heapRelaunchFlags(flags, ['--max-semi-space-size=8'], {}), undefined, 'a node flag');
});

t.test('the relaunched process never relaunches again', async (t) => {
  t.equal(heapRelaunchFlags(flags, [], { [RELAUNCHED_ENV]: '1' }), undefined);
});
