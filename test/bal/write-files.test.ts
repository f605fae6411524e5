import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import {
  balHash,
  balToJson,
  blockAccessList,
  encodeBal,
  writeBlockAccessLists,
} from "../../plugin/internal/bal/index.ts";
import { block } from "../analyze/capture-builder.ts";
import { craftedBlock } from "./crafted-block.ts";

describe("writeBlockAccessLists", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "bal-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the JSON, RLP and hash of every block into <dir>/<scenario>/, creating the folders", () => {
    const out = path.join(dir, "a", "b");
    const second = { ...block([]), number: 9 };
    const files = writeBlockAccessLists(out, "amm", [craftedBlock, second]);
    const folder = path.join(out, "amm");
    const names = ["block-7.json", "block-7.rlp", "block-7.hash", "block-9.json", "block-9.rlp", "block-9.hash"];
    expect(files).to.deep.equal(names.map((name) => path.join(folder, name)));
    expect(readdirSync(folder).sort()).to.deep.equal([...names].sort());

    const bal = blockAccessList(craftedBlock);
    expect(JSON.parse(readFileSync(path.join(folder, "block-7.json"), "utf8"))).to.deep.equal(balToJson(bal));
    expect(new Uint8Array(readFileSync(path.join(folder, "block-7.rlp")))).to.deep.equal(encodeBal(bal));
    expect(readFileSync(path.join(folder, "block-7.hash"), "utf8")).to.equal(balHash(bal) + "\n");
    expect(readFileSync(path.join(folder, "block-9.json"), "utf8")).to.equal("[]\n");
    expect(readFileSync(path.join(folder, "block-9.rlp")).toString("hex")).to.equal("c0");
    expect(readFileSync(path.join(folder, "block-9.hash"), "utf8")).to.equal(
      "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347\n",
    );
  });

  it("keeps a scenario name to one folder", () => {
    const files = writeBlockAccessLists(dir, "../x/y z", [craftedBlock]);
    expect(path.dirname(files[0])).to.equal(path.join(dir, ".._x_y_z"));
  });

  it("fails, and does not hang, when the folder cannot be made", () => {
    const file = path.join(dir, "file");
    writeFileSync(file, "");
    expect(() => writeBlockAccessLists(path.join(file, "sub"), "s", [craftedBlock])).to.throw(/ENOTDIR|EEXIST/);
    expect(() => writeBlockAccessLists("/proc/no-such-dir", "s", [craftedBlock])).to.throw(/ENOENT|EACCES|EPERM/);
  });
});
