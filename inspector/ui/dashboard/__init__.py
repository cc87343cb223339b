"""The dashboard tab (bảng tổng hợp): a period's figures and charts, as the periodic report prints them, with a
click leading to the visits and items behind a figure."""
