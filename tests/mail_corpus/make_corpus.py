"""Writes the hostile mail corpus of ``tests/test_security_mail_corpus.py``.

Run ``python tests/mail_corpus/make_corpus.py`` to rewrite the ``.eml``
files (they are committed; this script documents how each one is made, byte
for byte). The huge attachment is not here: the test builds it in memory.

Every mail goes to ``service@aftersales-test.example.com``, the service
alias of the test; ``{tag}`` is replaced by the test with a unique marker so
that Message-Ids never collide with an earlier run.
"""
import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TO = b'service@aftersales-test.example.com'


def head(sender=b'Teacher Wu <wu@test.example.com>', subject=b'Projector in room 3 shows no image',
         message_id=b'<{name}-{tag}@test.example.com>', extra=b'', content_type=b'text/plain; charset="utf-8"'):
    lines = [b'Return-Path: <wu@test.example.com>', b'From: ' + sender, b'To: ' + TO,
             b'Subject: ' + subject, b'Date: Mon, 23 Nov 2026 09:12:00 +0800', b'MIME-Version: 1.0']
    if message_id:
        lines.append(b'Message-ID: ' + message_id)
    if extra:
        lines.append(extra.rstrip(b'\n'))
    if content_type:
        lines.append(b'Content-Type: ' + content_type)
    return b'\n'.join(lines) + b'\n'


BODY = b'Hello, the projector in classroom 3 has shown no image since this morning.\n'
NESTED = b''.join(
    b'--n%d\nContent-Type: multipart/mixed; boundary="n%d"\n\n' % (depth, depth + 1) for depth in range(60))
NESTED += b'--n60\nContent-Type: text/plain\n\nDeep inside sixty levels.\n--n60--\n'
NESTED += b''.join(b'--n%d--\n' % depth for depth in reversed(range(60)))

CORPUS = {
    '01_plain_request': head() + b'\n' + BODY,
    '02_reply_to_request': head(
        subject=b'Re: Projector in room 3 shows no image',
        extra=b'In-Reply-To: <01_plain_request-{tag}@test.example.com>\n'
              b'References: <01_plain_request-{tag}@test.example.com>') + b'\nThe lamp indicator is blinking red.\n',
    '03_duplicate_message_id': head(message_id=b'<01_plain_request-{tag}@test.example.com>',
                                    subject=b'Same Message-Id, other text') + b'\nA second copy, other words.\n',
    '04_no_message_id': head(message_id=b'', subject=b'Screen flickers (no Message-Id)')
    + b'\nThe screen in room 5 flickers.\n',
    '05_two_message_id_headers': head(
        subject=b'Two Message-Id headers',
        extra=b'Message-ID: <05_second-{tag}@test.example.com>') + b'\nWhich id is the right one?\n',
    '06_unknown_charset': head(subject=b'Unknown charset', content_type=b'text/plain; charset="x-unknown"')
    + b'\nPrinter jam \xe4\xbd\xa0\xe5\xa5\xbd \xff\xfe in tray 2.\n',
    '07_gb2312_declared_utf8': head(subject=b'=?utf-8?b?5oqV5b2x5Luq5pWF6Zqc?=')
    + b'\n' + '投影仪没有图像，请尽快派人维修。'.encode('gb2312') + b'\n',
    '08_big5_declared_ascii': head(subject=b'Big5 body', content_type=b'text/plain; charset="us-ascii"')
    + b'\n' + '投影機沒有畫面，請盡快派人維修。'.encode('big5') + b'\n',
    '09_8bit_headers': head(sender='吴老师 <wu@test.example.com>'.encode('utf-8'),
                            subject='投影仪故障 — 三号教室'.encode('utf-8'))
    + b'\nRaw UTF-8 in the headers, no encoded-words.\n',
    '10_broken_encoded_words': head(
        subject=b'=?utf-8?B?5oqV5b2x?= broken =?gb2312?Q?=C9=CF=?= =?x-unknown?B?////?= =?utf-8?B?####?=')
    + b'\nThe subject has broken RFC 2047 words.\n',
    '11_malformed_boundary': head(subject=b'Malformed MIME boundary',
                                  content_type=b'multipart/mixed; boundary="declared-boundary"')
    + b'\n--other-boundary\nContent-Type: text/plain\n\nPart under an undeclared boundary.\n--other-boundary\n',
    '12_missing_boundary': head(subject=b'Multipart without a boundary', content_type=b'multipart/mixed')
    + b'\nThis multipart has no boundary parameter at all.\n',
    '13_unclosed_multipart': head(subject=b'Unclosed multipart', content_type=b'multipart/mixed; boundary="b1"')
    + b'\n--b1\nContent-Type: text/plain\n\nFirst part, no closing boundary.\n--b1\n'
      b'Content-Type: application/pdf; name="report.pdf"\nContent-Transfer-Encoding: base64\n'
      b'Content-Disposition: attachment; filename="report.pdf"\n\nJVBERi0xLjQK!!!not base64!!!\n',
    '14_nested_rfc822': head(subject=b'Fwd: Projector fault', content_type=b'multipart/mixed; boundary="outer"')
    + b'\n--outer\nContent-Type: text/plain\n\nForwarding the teacher\'s mail.\n--outer\n'
      b'Content-Type: message/rfc822\n\n'
    + head(sender=b'Principal Zhou <zhou@test.example.com>', message_id=b'<14_inner-{tag}@test.example.com>',
           content_type=b'multipart/mixed; boundary="inner"')
    + b'\n--inner\nContent-Type: text/plain\n\nInner message text.\n--inner\n'
      b'Content-Type: message/rfc822\n\nFrom: deep@test.example.com\nSubject: deepest\n\nDeepest.\n--inner--\n'
      b'--outer--\n',
    '15_deep_nesting': head(subject=b'Sixty nested multiparts', content_type=b'multipart/mixed; boundary="n0"')
    + b'\n' + NESTED,
    '16_bounce_dsn': head(
        sender=b'Mail Delivery System <MAILER-DAEMON@mx.test.example.com>', subject=b'Undelivered Mail Returned',
        content_type=b'multipart/report; report-type=delivery-status; boundary="dsn"')
    + b'\n--dsn\nContent-Type: text/plain\n\nThis is the mail system. Your message could not be delivered.\n'
      b'--dsn\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.test.example.com\n\n'
      b'Final-Recipient: rfc822; nobody@test.example.com\nAction: failed\nStatus: 5.1.1\n\n'
      b'--dsn\nContent-Type: message/rfc822\n\nFrom: service@aftersales-test.example.com\n'
      b'Message-ID: <never-sent-{tag}@aftersales-test.example.com>\nSubject: ST00001\n\nack\n--dsn--\n',
    '17_bounce_mailer_daemon_plain': head(
        sender=b'mailer-daemon@mx.test.example.com', subject=b'Delivery failure')
    + b'\nMessage rejected: mailbox full.\n',
    '18_auto_submitted_auto_replied': head(
        subject=b'Automatic reply: Projector in room 3', extra=b'Auto-Submitted: auto-replied')
    + b'\nI am away until Monday.\n',
    '19_x_autoreply': head(subject=b'Re: your request', extra=b'X-Autoreply: yes') + b'\nThank you for your mail.\n',
    '20_out_of_office_subject': head(subject=b'Out of Office: Projector in room 3') + b'\nI am on holiday.\n',
    '21_out_of_office_chinese_subject': head(subject=b'=?utf-8?b?6Ieq5Yqo5Zue5aSNOiDmipXlvbHku6o=?=')
    + b'\nAway this week.\n',
    '22_precedence_bulk': head(sender=b'Monitoring <alerts@test.example.com>', subject=b'Projector 3 lamp hours 9000',
                               extra=b'Precedence: bulk') + b'\nLamp hours above 9000 on projector 3.\n',
    '23_auto_generated_alarm': head(sender=b'Monitoring <alerts@test.example.com>',
                                    subject=b'Alarm: display B offline', extra=b'Auto-Submitted: auto-generated')
    + b'\nDisplay B has been offline for 15 minutes.\n',
    '24_unknown_sender': head(sender=b'New Person <new.person.{tag}@elsewhere.example.com>',
                              subject=b'Our display is broken') + b'\nWe are a new customer.\n',
    '25_no_from': head(sender=b'', subject=b'Mail without a sender') + b'\nWho sent this?\n',
    '26_sender_without_address': head(sender=b'undisclosed-recipients:;', subject=b'Sender without address')
    + b'\nNo address.\n',
    '27_from_own_alias': head(sender=b'Service <service@aftersales-test.example.com>', subject=b'Loop from our alias')
    + b'\nOur own alias writing to itself.\n',
    '28_html_only_script': head(subject=b'HTML only', content_type=b'text/html; charset="utf-8"')
    + b'\n<html><body><p>Broken <b>screen</b></p><script>alert("x")</script>'
      b'<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">link</a></body></html>\n',
    '29_empty_body': head(subject=b'Empty body') + b'\n',
    '30_very_long_subject': head(subject=b'Projector ' + b'very ' * 2000 + b'broken') + b'\nLong subject.\n',
    '31_nul_bytes': head(subject=b'NUL\x00 bytes') + b'\nBody with \x00 NUL \x00 bytes.\n',
    '32_broken_base64_body': head(subject=b'Broken base64', extra=b'Content-Transfer-Encoding: base64')
    + b'\nSGVsbG8g!!!d29ybGQ=====\n',
    '33_attachment_path_traversal': head(subject=b'Attachment with a path',
                                         content_type=b'multipart/mixed; boundary="a"')
    + b'\n--a\nContent-Type: text/plain\n\nLog attached.\n--a\n'
      b'Content-Type: text/plain; name="../../../etc/passwd"\n'
      b'Content-Disposition: attachment; filename="../../../etc/passwd"\n\nroot:x:0:0\n--a--\n',
    '34_reply_to_unknown_message': head(
        subject=b'Re: something we never sent',
        extra=b'In-Reply-To: <unknown-{tag}@elsewhere.example.com>\nReferences: <unknown-{tag}@elsewhere.example.com>')
    + b'\nA reply to a message we do not know.\n',
    '35_base64_attachment': head(subject=b'Photo of the fault', content_type=b'multipart/mixed; boundary="p"')
    + b'\n--p\nContent-Type: text/plain\n\nPhoto attached.\n--p\nContent-Type: image/png; name="photo.png"\n'
      b'Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="photo.png"\n\n'
    + base64.encodebytes(bytes.fromhex(
        '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
        '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082'))
    + b'--p--\n',
}


def main():
    for name, content in sorted(CORPUS.items()):
        with open(os.path.join(HERE, name + '.eml'), 'wb') as eml:
            eml.write(content.replace(b'{name}', name.encode('ascii')))


if __name__ == '__main__':
    main()
