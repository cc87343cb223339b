"""Inspector: kiểm tra công vụ tại Bộ phận Một cửa (offline inspection of one-stop reception points)."""

__version__ = "0.1.0"
APP_NAME = "Inspector"
ORG_NAME = "PhongNoiVu"
