"""Per-file problems, each in Chinese and English, said so an officer can act on them."""

from __future__ import annotations

from fieldapp.messages import FieldappError, Msg


class PhotoError(FieldappError):
    """One file cannot become evidence; the rest of the import goes on."""


def _m(code: str, zh: str, en: str, **data: object) -> Msg:
    return Msg(zh, en, code, dict(data))


def not_found(name: str) -> Msg:
    return _m("file_missing", f"找不到文件：{name}", f"File not found: {name}", name=name)


def not_regular(name: str) -> Msg:
    return _m("not_a_file", f"{name} 不是普通文件（可能是文件夹、设备或管道），未导入。",
              f"{name} is not a regular file (a folder, device or pipe); not imported.", name=name)


def unreadable(name: str, reason: str) -> Msg:
    return _m("unreadable", f"无法读取 {name}：{reason}。请检查文件权限或存储卡。",
              f"Cannot read {name}: {reason}. Check the file's permissions or the memory card.", name=name)


def empty(name: str) -> Msg:
    return _m("empty_file", f"{name} 是空文件（0 字节），可能拷贝未完成，未导入。",
              f"{name} is empty (0 bytes), perhaps an unfinished copy; not imported.", name=name)


def too_large(name: str, size: int, limit: int) -> Msg:
    return _m("file_too_large", f"{name} 过大（{size // 2**20} MB，上限 {limit // 2**20} MB），未导入。",
              f"{name} is too large ({size // 2**20} MB, limit {limit // 2**20} MB); not imported.",
              name=name, size=size, limit=limit)


def not_image(name: str) -> Msg:
    return _m("not_an_image", f"{name} 不是可识别的照片（支持 JPEG、PNG、TIFF、HEIC），未导入。",
              f"{name} is not a recognised photo (JPEG, PNG, TIFF or HEIC are supported); not imported.",
              name=name)


def damaged(name: str, detail: str) -> Msg:
    return _m("damaged_image", f"{name} 已损坏或不完整（{detail}），未导入。请从相机或手机重新拷贝。",
              f"{name} is damaged or incomplete ({detail}); not imported. Copy it again from the camera or phone.",
              name=name, detail=detail)


def too_many_pixels(name: str, pixels: int, limit: int) -> Msg:
    return _m("too_many_pixels",
              f"{name} 的像素数过大（{pixels / 1e6:.0f} 百万像素，上限 {limit / 1e6:.0f} 百万），"
              "疑似恶意构造的“解压炸弹”文件，未解码、未导入。",
              f"{name} declares too many pixels ({pixels / 1e6:.0f} MP, limit {limit / 1e6:.0f} MP): "
              "possibly a decompression bomb; not decoded, not imported.", name=name, pixels=pixels, limit=limit)


def disk_full(name: str) -> Msg:
    return _m("disk_full",
              f"磁盘已满，{name} 未导入，导入已停止；已导入的照片完好。请腾出空间后重新导入，已导入的会自动跳过。",
              f"The disk is full: {name} was not imported and the import stopped; photos already imported are "
              "intact. Free some space and import again: those already imported are skipped.", name=name)


def stopped_disk_full(name: str) -> Msg:
    return _m("not_attempted_disk_full", f"{name} 因磁盘已满未导入。", f"{name} was not imported: the disk is full.",
              name=name)


def write_failed(name: str, reason: str) -> Msg:
    return _m("write_failed", f"保存 {name} 失败：{reason}。该照片未导入。",
              f"Saving {name} failed: {reason}. The photo was not imported.", name=name)


def unexpected(name: str, detail: str) -> Msg:
    return _m("unexpected", f"处理 {name} 时出现意外错误（{detail}），该照片未导入，其余照片继续导入。",
              f"Unexpected error with {name} ({detail}); this photo was not imported, the others go on.",
              name=name, detail=detail)


def cancelled(name: str) -> Msg:
    return _m("cancelled", f"导入已取消，{name} 未导入。", f"Import cancelled: {name} was not imported.", name=name)


def skipped_type(name: str) -> Msg:
    return _m("not_a_photo_type", f"{name} 不是照片文件类型，已跳过。", f"{name} is not a photo file type; skipped.",
              name=name)


def already_linked(name: str) -> Msg:
    return _m("already_linked", f"{name} 已在该记录中，未重复添加。",
              f"{name} is already linked to this record; not added twice.", name=name)


def restored(name: str) -> Msg:
    return _m("original_restored", f"{name}：证据文件夹中缺失或损坏的原件已用本次导入的相同照片恢复。",
              f"{name}: the original missing or damaged in the evidence folder was restored from this identical copy.",
              name=name)


def exif_problem(code: str, zh: str, en: str) -> Msg:
    return _m(f"exif_{code}", f"EXIF 信息有问题：{zh}。照片已导入，相关信息留空。",
              f"EXIF problem: {en}. The photo was imported; the affected fields are left empty.")
