/**
 * Which face a frame's features describe when several are visible: the largest box, since in a
 * meeting recording the person nearest the camera is the one being reviewed; boxes within 10 % of
 * the largest area count as a tie, broken by distance of the box centre from the frame centre.
 * Applied identically to every frame, so one segment does not mix people by accident of score order.
 */
import type { FaceBox } from './blazeface';

const TIE_AREA_FRACTION = 0.9;

export function chooseFace(faces: FaceBox[], frame: { width: number; height: number }): FaceBox | null {
  if (faces.length === 0) return null;
  const largest = Math.max(...faces.map((f) => f.width * f.height));
  const cx = frame.width / 2;
  const cy = frame.height / 2;
  let best: FaceBox | null = null;
  let bestDist = Infinity;
  for (const f of faces) {
    if (f.width * f.height < TIE_AREA_FRACTION * largest) continue;
    const d = Math.hypot(f.x + f.width / 2 - cx, f.y + f.height / 2 - cy);
    if (d < bestDist) {
      best = f;
      bestDist = d;
    }
  }
  return best;
}
