// `using` on the package's classes, for programs whose lib has `esnext.disposable` (or
// @types/node): every class is Disposable. Type-checked with `tsc --strict` (never run).
import { TextStatus } from "wuts-status";

export function scoped(): void {
  using disposable = new TextStatus("disposed at the end of the block");
  console.log(disposable.validate());
}
