import t from 'tap';
import { heapPressure } from '../../src/runtime/heap-pressure.js';

t.test('pressure is the used heap against a share of the limit, read at each call', async (t) => {
  const heap = { used_heap_size: 10, heap_size_limit: 100 };
  const pressed = heapPressure(0.5, () => heap);
  t.notOk(pressed(), 'a tenth used');
  heap.used_heap_size = 51;
  t.ok(pressed(), 'past half');
  heap.used_heap_size = 50;
  t.notOk(pressed(), 'exactly half is not past it');
});

t.test("this thread's own heap: something is used, and never more than the limit", async (t) => {
  t.ok(heapPressure(0)(), 'used > 0');
  t.notOk(heapPressure(1)(), 'used <= limit');
});
