"""Test session set-up shared by the addons' tests and the cross-module tests.

pytest-odoo starts Odoo without its HTTP server (``stop=True``) and imports
``odoo.tests.common`` before reading the configuration: serve HTTP on the
configured test port so ``HttpCase`` works.
"""
import odoo
import odoo.tests.common
import pytest


@pytest.fixture(scope='session', autouse=True)
def odoo_http_server():
    odoo.tests.common.PORT = odoo.tools.config['http_port']
    odoo.service.server.server.http_spawn()
    yield
