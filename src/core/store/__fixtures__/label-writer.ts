// Child process for the durability test: labels segments forever, printing each acknowledgement.
import { createService } from '../../service';

const svc = createService(process.argv[2]);
const segs = await svc.api.listSegments({});
for (let i = 0; ; i++) {
  const seg = segs[i % segs.length];
  const score = ((i % 13) - 6) / 2;
  await svc.api.setLabel({ segmentId: seg.id, score, note: `n${i}` });
  process.stdout.write(`saved ${i} ${seg.id} ${score}\n`);
}
