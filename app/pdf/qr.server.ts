import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

/**
 * Draws a QR code for `text` as vector squares with its quiet zone, lower-left corner at
 * (x, y), `size` points wide. Vector modules stay sharp at any print size.
 */
export function drawQrCode(
  page: PDFPage,
  text: string,
  at: { x: number; y: number; size: number },
) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const quiet = 4;
  const unit = at.size / (count + quiet * 2);
  page.drawRectangle({ x: at.x, y: at.y, width: at.size, height: at.size, color: rgb(1, 1, 1) });
  for (let row = 0; row < count; row += 1) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column += 1;
      page.drawRectangle({
        x: at.x + (quiet + start) * unit,
        y: at.y + at.size - (quiet + row + 1) * unit,
        width: (column - start) * unit,
        // a hair taller so neighbouring rows meet without a seam
        height: unit + 0.05,
        color: rgb(0, 0, 0),
      });
    }
  }
}
