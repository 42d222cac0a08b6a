from tests.factories.home import OfficeFactory
from tests.factories.users import UserFactory

__all__ = ["OfficeFactory", "UserFactory"]
