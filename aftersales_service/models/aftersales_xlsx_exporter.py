import os
import re
import tempfile

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.tools import html2plaintext

from .analysis_dates import user_tz

CHUNK_SIZE = 1000
MAX_CELL_LENGTH = 32767
_SHEET_NAME_FORBIDDEN = re.compile(r'[\[\]:*?/\\]')


class AftersalesXlsxExporter(models.AbstractModel):
    """Writes XLSX workbooks in constant memory: xlsxwriter's
    ``constant_memory`` mode flushes each row to disk, and the records are
    searched by id ranges and read in chunks, with the cache emptied
    between chunks. Everything is read as the current user: record rules
    and field groups apply.

    ``_export(writers)`` returns the file; each writer is a callable
    ``writer(workbook, formats)`` adding one sheet, usually a
    ``functools.partial`` of :meth:`_write_records` (one row per record) or
    :meth:`_write_table` (rows computed beforehand)."""
    _name = 'aftersales.xlsx.exporter'
    _description = 'XLSX Exporter'

    @api.model
    def _export(self, writers):
        with tempfile.TemporaryDirectory(prefix='aftersales-xlsx-') as tmpdir:
            path = os.path.join(tmpdir, 'export.xlsx')
            workbook = xlsxwriter.Workbook(path, {
                'constant_memory': True, 'tmpdir': tmpdir,
                'strings_to_formulas': False, 'strings_to_urls': False, 'strings_to_numbers': False})
            formats = self._formats(workbook)
            for writer in writers:
                writer(workbook, formats)
            workbook.close()
            with open(path, 'rb') as xlsx:
                return xlsx.read()

    @api.model
    def _formats(self, workbook):
        return {
            'header': workbook.add_format({'bold': True, 'bg_color': '#D9E1F2', 'border': 1, 'text_wrap': True,
                                           'valign': 'top'}),
            'date': workbook.add_format({'num_format': 'yyyy-mm-dd'}),
            'datetime': workbook.add_format({'num_format': 'yyyy-mm-dd hh:mm'}),
            'number': workbook.add_format({'num_format': '#,##0.00'}),
            'integer': workbook.add_format({'num_format': '0'}),
            'total': workbook.add_format({'bold': True, 'top': 1, 'num_format': '#,##0.00'}),
            'total_label': workbook.add_format({'bold': True, 'top': 1}),
        }

    # ------------------------------------------------------------------
    # sheets
    # ------------------------------------------------------------------

    @api.model
    def _write_records(self, workbook, formats, model_name, domain, field_names, sheet_name,
                       chunk_size=CHUNK_SIZE):
        """One row per record of ``model_name`` matching ``domain``, in id
        order, one column per readable field of ``field_names``. Returns the
        number of rows written."""
        Model = self.env[model_name]
        info = Model.fields_get(field_names, attributes=['string', 'type', 'selection', 'relation'])
        columns = [name for name in field_names if name in info and info[name]['type'] != 'binary']
        sheet = self._add_sheet(workbook, sheet_name)
        self._write_header(sheet, formats, [info[name]['string'] for name in columns],
                           [info[name]['type'] for name in columns])
        writers = [self._cell_writer(info[name], formats) for name in columns]
        row = last_id = 0
        while True:
            records = Model.search(list(domain) + [('id', '>', last_id)], order='id', limit=chunk_size)
            if not records:
                break
            names = self._x2many_names(records, columns, info)
            for values in records.read(columns):
                row += 1
                for col, name in enumerate(columns):
                    value = names[name][values['id']] if name in names else values[name]
                    writers[col](sheet, row, col, value)
            last_id = records.ids[-1]
            # constant memory: forget the chunk before reading the next one
            records.invalidate_cache()
        self._finish_sheet(sheet, row, len(columns))
        return row

    @api.model
    def _write_table(self, workbook, formats, sheet_name, headers, rows, total=None):
        """``rows`` (lists of values) under ``headers``; numbers are written
        as numbers; ``total`` is an optional last row in bold."""
        sheet = self._add_sheet(workbook, sheet_name)
        kinds = ['char'] + ['float'] * (len(headers) - 1)
        self._write_header(sheet, formats, headers, kinds)
        row = 0
        for row, values in enumerate(rows, start=1):
            self._write_values(sheet, formats, row, values, 'number')
        if total:
            row += 1
            sheet.write_string(row, 0, total[0] or '', formats['total_label'])
            self._write_values(sheet, formats, row, [None] + list(total[1:]), 'total')
        self._finish_sheet(sheet, row, len(headers))
        return row

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _sheet_name(workbook, name):
        base = _SHEET_NAME_FORBIDDEN.sub(' ', name or 'Sheet')[:31].strip() or 'Sheet'
        taken = {sheet.get_name().lower() for sheet in workbook.worksheets()}
        candidate, index = base, 2
        while candidate.lower() in taken:
            suffix = ' (%d)' % index
            candidate, index = base[:31 - len(suffix)] + suffix, index + 1
        return candidate

    @api.model
    def _add_sheet(self, workbook, name):
        return workbook.add_worksheet(self._sheet_name(workbook, name))

    @staticmethod
    def _write_header(sheet, formats, labels, kinds):
        for col, (label, kind) in enumerate(zip(labels, kinds)):
            width = 18 if kind in ('date', 'datetime') else max(10, min(45, len(label) + 4))
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, label, formats['header'])

    @staticmethod
    def _finish_sheet(sheet, last_row, column_count):
        sheet.freeze_panes(1, 0)
        if column_count:
            sheet.autofilter(0, 0, last_row, column_count - 1)

    @staticmethod
    def _write_values(sheet, formats, row, values, number_format):
        for col, value in enumerate(values):
            if value is None or value is False:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value, formats[number_format])
            else:
                sheet.write_string(row, col, str(value)[:MAX_CELL_LENGTH])

    @api.model
    def _x2many_names(self, records, columns, info):
        """The display names of the x2many columns of one chunk: one
        ``name_get`` per column, not per record."""
        names = {}
        for name in columns:
            if info[name]['type'] in ('many2many', 'one2many'):
                labels = dict(records.mapped(name).name_get())
                names[name] = {record.id: ', '.join(labels[item.id] for item in record[name]) for record in records}
        return names

    @api.model
    def _cell_writer(self, field_info, formats):
        kind = field_info['type']
        if kind == 'many2one':
            return lambda sheet, row, col, value: value and sheet.write_string(row, col, value[1] or '')
        if kind == 'selection':
            labels = dict(field_info.get('selection') or [])
            return lambda sheet, row, col, value: value and sheet.write_string(
                row, col, str(labels.get(value, value)))
        if kind == 'boolean':
            return lambda sheet, row, col, value: sheet.write_boolean(row, col, bool(value))
        if kind in ('integer', 'float', 'monetary'):
            number = formats['integer' if kind == 'integer' else 'number']
            return lambda sheet, row, col, value: sheet.write_number(row, col, value or 0, number)
        if kind == 'date':
            return lambda sheet, row, col, value: value and sheet.write_datetime(
                row, col, fields.Date.from_string(value), formats['date'])
        if kind == 'datetime':
            tz = user_tz(self.env)
            return lambda sheet, row, col, value: value and sheet.write_datetime(
                row, col, _local(value, tz), formats['datetime'])
        if kind == 'html':
            return lambda sheet, row, col, value: value and sheet.write_string(
                row, col, html2plaintext(value)[:MAX_CELL_LENGTH])
        return lambda sheet, row, col, value: value and sheet.write_string(row, col, str(value)[:MAX_CELL_LENGTH])


def _local(value, tz):
    utc = pytz.utc.localize(fields.Datetime.from_string(value))
    return utc.astimezone(tz).replace(tzinfo=None)
