def test_event_page_renders(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    assert b"Eastside canvass" in response.content
